"""The stored eligibility summary of applications, and staff's findings on criteria."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Application, CriterionAssessment, Eligibility, EligibilityFlag, Status
from ..rules import is_decider
from ..selectors.applications import evaluate_eligibility, missing_required_documents, overall_eligibility
from .errors import ApplicationError


def refresh_summary(application) -> None:
    """Store the eligibility (overall and per criterion) and the missing-document count, which the
    admin filters on."""
    application = (
        Application.objects.select_related("call")
        .prefetch_related("call__criteria", "call__document_requirements", "documents", "assessments")
        .get(pk=application.pk)
    )
    results = evaluate_eligibility(application)
    eligibility = overall_eligibility(results)
    missing = len(missing_required_documents(application))
    Application.objects.filter(pk=application.pk).update(eligibility=eligibility, missing_documents=missing)
    application.eligibility_flags.all().delete()
    EligibilityFlag.objects.bulk_create(
        EligibilityFlag(application=application, criterion=r.criterion, result=r.result)
        for r in results
        if r.result != Eligibility.MET
    )


def refresh_call_summaries(call) -> None:
    """After staff change a call's criteria or documents, recompute its applications' summaries."""
    for application in call.applications.exclude(status__in=[Status.WITHDRAWN, Status.REJECTED]).only("pk"):
        refresh_summary(application)


@transaction.atomic
def assess_criterion(application, criterion, *, result, note="", by) -> CriterionAssessment | None:
    """Staff record that a criterion is met or not (result=None removes their finding)."""
    if not is_decider(by):
        raise PermissionDenied(_("Only IRO staff check eligibility."))
    if criterion.call_id != application.call_id:
        raise ApplicationError(_("This criterion belongs to another call."))
    if result is None:
        CriterionAssessment.objects.filter(application=application, criterion=criterion).delete()
        refresh_summary(application)
        return None
    assessment, _created = CriterionAssessment.objects.update_or_create(
        application=application,
        criterion=criterion,
        defaults={"result": result, "note": note, "assessed_by": by},
    )
    refresh_summary(application)
    return assessment
