"""The period of a mobility (semester, year or placement dates): staff correct what the student
asked, and the letter and the mobility record follow."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Application, Period
from ..rules import is_decider
from . import records
from .errors import ApplicationError

# The application's fields that say when (the admin's change form offers them to staff).
FIELDS = ("period", "period_start", "period_end")


@transaction.atomic
def correct_period(application, *, by, period, start=None, end=None) -> Application:
    """Staff correct the period of an application (one the call offers); the letter and the
    mobility record follow."""
    if not is_decider(by):
        raise PermissionDenied(_("Only IRO staff correct the period of an application."))
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if period != Period.DATES:
        start = end = None
    problems = application.call.period_errors(period, start, end)
    if problems:
        raise ApplicationError(" ".join(str(p) for p in problems.values()))
    application.period, application.period_start, application.period_end = period, start, end
    application.save(update_fields=["period", "period_start", "period_end", "updated"])
    records.follow_period(application)
    return application


def correct_from_form(application, *, by, data, changed):
    """The admin's change form: a period given and changed is corrected (it is never cleared)."""
    period, start, end = (data.get(name) for name in FIELDS)
    if period and set(FIELDS) & set(changed):
        correct_period(application, by=by, period=period, start=start, end=end)
