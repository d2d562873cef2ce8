"""The student's draft: start it (once, whatever the clicks), save each step, rank the partners.
Everything here is refused once the draft is submitted or its application deadline has passed."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.templatetags.paris_time import paris

from ..models import Application, Call
from .applications import _check_owner, _now
from .eligibility import refresh_summary
from .errors import ApplicationError, DeadlinePassed, NotNominated


def check_draft_editable(application, *, by, now=None):
    _check_owner(application, by)
    now = _now(now)
    if not application.is_draft:
        raise ApplicationError(
            _("This application was submitted: it can no longer be changed, except its documents.")
        )
    if now > application.call.application_deadline:
        raise DeadlinePassed(
            _(
                "The application deadline (%(deadline)s) has passed: this draft can no longer be changed or submitted."
            )
            % {"deadline": paris(application.call.application_deadline)}
        )


# What a student's next application starts with: who they are does not change between calls (their
# study year, home institution and motivation do, and are asked again).
REUSED_FIELDS = ("first_name", "last_name", "date_of_birth", "nationality", "phone", "student_number")


def personal_details_to_reuse(student) -> dict:
    """The personal details of the student's latest application, else the names of their account."""
    last = Application.objects.filter(student=student).order_by("-created").values(*REUSED_FIELDS).first()
    if last is None:
        return {"first_name": student.first_name, "last_name": student.last_name}
    return {field: value for field, value in last.items() if value not in (None, "")} | {
        "first_name": last["first_name"] or student.first_name,
        "last_name": last["last_name"] or student.last_name,
    }


@transaction.atomic
def start_application(call: Call, *, by, now=None) -> Application:
    """The draft of the student `by` for this call (created once, whatever the number of clicks)."""
    now = _now(now)
    student = by
    existing = Application.objects.filter(call=call, student=student).first()
    if existing is not None:
        return existing
    if not student.is_student:
        raise ApplicationError(_("Only students apply to calls."))
    if call.direction != "outgoing":
        raise NotNominated(
            _(
                "Incoming students apply through their home university, which nominates them: you then receive an invitation by email."
            )
        )
    if not call.is_published or now < call.opens_at:
        raise ApplicationError(_("This call opens on %(opens)s.") % {"opens": paris(call.opens_at)})
    if now > call.application_deadline:
        raise DeadlinePassed(
            _("The application deadline (%(deadline)s) has passed.")
            % {"deadline": paris(call.application_deadline)}
        )
    application, _created = Application.objects.get_or_create(
        call=call,
        student=student,
        defaults={"direction": call.direction, **personal_details_to_reuse(student)},
    )
    refresh_summary(application)
    application.refresh_from_db()
    return application


@transaction.atomic
def save_draft(application, *, by, data: dict, now=None) -> Application:
    """Save one step of the form (a dict of Application fields)."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    check_draft_editable(application, by=by, now=now)
    editable = {
        "first_name", "last_name", "date_of_birth", "nationality", "phone", "student_number",
        "study_year", "home_institution", "good_standing", "motivation", "declarations",
        "period", "period_start", "period_end",
    }  # fmt: skip
    for field, value in data.items():
        if field not in editable:
            raise ValueError(f"{field} is not a field of the application form")
        setattr(application, field, value)
    application.full_clean(exclude=["call", "student"], validate_unique=False)
    application.save()
    if "study_year" in data:
        # Preferences that no longer fit the study year are dropped.
        year = application.study_year
        if year:
            application.preferences.exclude(
                agreement__study_year_min__lte=year, agreement__study_year_max__gte=year
            ).delete()
            _renumber(application)
    refresh_summary(application)
    return application


def _renumber(application):
    prefs = list(application.preferences.order_by("rank"))
    for i, pref in enumerate(prefs, start=1):
        if pref.rank != i:
            pref.rank = 100 + i
            pref.save(update_fields=["rank"])
    for i, pref in enumerate(prefs, start=1):
        if pref.rank != i:
            pref.rank = i
            pref.save(update_fields=["rank"])


@transaction.atomic
def set_preferences(application, *, by, agreements: list, now=None) -> Application:
    """Replace the ranked preferences (first = first choice)."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    check_draft_editable(application, by=by, now=now)
    if application.direction != "outgoing":
        raise ApplicationError(
            _("Incoming students do not choose partners: your home university nominated you.")
        )
    agreements = [a for a in agreements if a is not None]
    if len({a.pk for a in agreements}) != len(agreements):
        raise ApplicationError(_("Each partner can be chosen only once."))
    if len(agreements) > application.call.max_preferences:
        raise ApplicationError(
            _("This call accepts at most %(n)s preferences.") % {"n": application.call.max_preferences}
        )
    allowed = set(application.call.eligible_agreements(application.study_year).values_list("pk", flat=True))
    for agreement in agreements:
        if agreement.pk not in allowed:
            raise ApplicationError(
                _("%(partner)s is not offered to students in year %(year)s by this call.")
                % {"partner": agreement.institution, "year": application.study_year or "?"}
            )
    application.preferences.all().delete()
    for rank, agreement in enumerate(agreements, start=1):
        application.preferences.create(rank=rank, agreement=agreement)
    application.save(update_fields=["updated"])
    return application
