"""Reads of applications: the querysets their pages show, and what the portal infers from them
(eligibility per criterion, the documents checklist, what still blocks a submission).

The inferences work on prefetched rows (no query per criterion or document).
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.content import html_message, marked
from core.templatetags.paris_time import paris

from ..forms.applications import step_names_for
from ..models import (
    Application,
    ApplicationTransition,
    CriterionCheck,
    Eligibility,
    Preference,
    Status,
)

MIN_MOTIVATION_CHARS = 200


def application_queryset():
    """An application with everything its pages show."""
    return Application.objects.select_related(
        "call", "student", "allocated_agreement__institution"
    ).prefetch_related(
        "call__criteria",
        "call__document_requirements",
        "documents__requirement",
        "assessments",
        Prefetch("preferences", queryset=_preferences()),
        Prefetch("transitions", queryset=ApplicationTransition.objects.select_related("actor")),
    )


def _preferences():
    return Preference.objects.select_related("agreement__institution").order_by("rank")


def student_applications(student):
    # The mobility record and its learning agreement: the dashboard links to it (learning app).
    return (
        application_queryset()
        .filter(student=student)
        .select_related("mobility_record__learning_agreement")
        .order_by("-call__academic_year", "-created")
    )


def applications_with_preferences(queryset):
    return queryset.prefetch_related(Prefetch("preferences", queryset=_preferences()))


@dataclass
class CriterionResult:
    criterion: object
    result: str
    detail: str = ""

    @property
    def label(self):
        return Eligibility(self.result).label

    @property
    def tone(self):
        """The badge's colour: met, not met, or still to be checked by staff."""
        return {Eligibility.MET: "success", Eligibility.NOT_MET: "danger"}.get(self.result, "warning")


def evaluate_eligibility(application) -> list[CriterionResult]:
    """Each criterion of the call as met / not met / to be checked by staff, with why.

    Works on prefetched `call.criteria`, `documents` and `assessments` (no query per criterion).
    """
    call = application.call
    documents = {d.requirement_id: d for d in application.documents.all()}
    assessments = {a.criterion_id: a for a in application.assessments.all()}
    declared = set(application.declarations or [])
    results = []
    for criterion in call.criteria.all():
        assessment = assessments.get(criterion.pk)
        if assessment is not None:
            results.append(
                CriterionResult(criterion, assessment.result, assessment.note or _("Checked by staff."))
            )
            continue
        check = criterion.checked_by
        if check == CriterionCheck.STUDY_YEAR:
            if not application.study_year:
                results.append(
                    CriterionResult(criterion, Eligibility.NOT_MET, _("Study year not given yet."))
                )
            elif call.study_year_min <= application.study_year <= call.study_year_max:
                results.append(
                    CriterionResult(
                        criterion,
                        Eligibility.MET,
                        _("Year %(y)s is within years %(range)s.")
                        % {"y": application.study_year, "range": call.study_years_display},
                    )
                )
            else:
                results.append(
                    CriterionResult(
                        criterion,
                        Eligibility.NOT_MET,
                        _("Year %(y)s is outside years %(range)s.")
                        % {"y": application.study_year, "range": call.study_years_display},
                    )
                )
        elif check == CriterionCheck.DOCUMENT:
            doc = documents.get(criterion.document_id)
            if doc is None:
                results.append(
                    CriterionResult(criterion, Eligibility.NOT_MET, _("Document not uploaded yet."))
                )
            elif doc.is_accepted:
                results.append(CriterionResult(criterion, Eligibility.MET, _("Document accepted.")))
            elif doc.is_rejected:
                results.append(
                    CriterionResult(
                        criterion, Eligibility.NOT_MET, _("Document rejected: %(r)s") % {"r": doc.reason}
                    )
                )
            else:
                results.append(
                    CriterionResult(criterion, Eligibility.TO_CHECK, _("Document received, to be checked."))
                )
        elif check == CriterionCheck.DECLARATION:
            if criterion.pk in declared:
                results.append(
                    CriterionResult(
                        criterion, Eligibility.TO_CHECK, _("Declared by the student, to be checked.")
                    )
                )
            else:
                results.append(CriterionResult(criterion, Eligibility.NOT_MET, _("Not declared.")))
        else:
            results.append(CriterionResult(criterion, Eligibility.TO_CHECK, _("The office checks this.")))
    return results


def overall_eligibility(results) -> str:
    if any(r.result == Eligibility.NOT_MET for r in results):
        return Eligibility.NOT_MET
    if any(r.result == Eligibility.TO_CHECK for r in results):
        return Eligibility.TO_CHECK
    return Eligibility.MET


@dataclass
class ChecklistItem:
    requirement: object
    document: object | None

    @property
    def missing(self):
        return self.document is None or self.document.is_rejected

    @property
    def is_accepted(self):
        """Accepted by staff: nothing more to upload."""
        return self.document is not None and self.document.is_accepted

    @property
    def outcome(self):
        """Where the document stands, in words (read while an email renders: in its reader's language)."""
        if self.document is None:
            return _("missing") if self.requirement.required else _("not given (optional)")
        if self.document.reason:
            return _("%(status)s — Reason: %(reason)s") % {
                "status": self.document.get_status_display(),
                "reason": self.document.reason,
            }
        return self.document.get_status_display()


def document_checklist(application) -> list[ChecklistItem]:
    documents = {d.requirement_id: d for d in application.documents.all()}
    return [ChecklistItem(req, documents.get(req.pk)) for req in application.call.document_requirements.all()]


def missing_required_documents(application) -> list:
    return [
        item.requirement
        for item in document_checklist(application)
        if item.requirement.required and item.missing
    ]


def submission_problems(application) -> tuple[list[str], list[str]]:
    """(what blocks the submission, what can still come later), in words for the student (HTML where
    they name content: an English name on a French page is marked lang="en")."""
    call = application.call
    blocking, later = [], []
    sections = [
        (
            _("Personal details"),
            [
                ("first_name", _("first name")),
                ("last_name", _("last name")),
                ("date_of_birth", _("date of birth")),
                ("nationality", _("nationality")),
            ],
        ),
        (
            _("Academic situation"),
            [
                ("student_number", _("student number")),
                ("study_year", _("study year during the mobility")),
                ("home_institution", _("home institution")),
            ],
        ),
    ]
    for section, fields in sections:
        missing = [str(label) for field, label in fields if not getattr(application, field)]
        if missing:
            blocking.append(
                _("%(section)s: give your %(fields)s.") % {"section": section, "fields": ", ".join(missing)}
            )
    if not application.good_standing:
        blocking.append(_("Academic situation: confirm that you are enrolled and in good standing."))
    if not application.is_incoming:  # an incoming student's period is the nomination's
        problems = call.period_errors(application.period, application.period_start, application.period_end)
        if problems:
            blocking.append(_("Academic situation: %(problem)s") % {"problem": next(iter(problems.values()))})
    prefs = list(application.preferences.all())
    if not prefs:
        blocking.append(_("Preferences: choose at least one partner."))
    if len((application.motivation or "").strip()) < MIN_MOTIVATION_CHARS:
        blocking.append(
            _("Motivation: write at least %(n)s characters (you wrote %(m)s).")
            % {"n": MIN_MOTIVATION_CHARS, "m": len((application.motivation or "").strip())}
        )
    for result in evaluate_eligibility(application):
        check = result.criterion.checked_by
        if result.result != Eligibility.NOT_MET:
            continue
        if check == CriterionCheck.DOCUMENT:
            document = result.criterion.document
            if document is not None and not document.required:
                # An optional document that proves a criterion: say so, it is not in the list below.
                later.append(
                    html_message(
                        _("Document “%(name)s” proves “%(c)s”: upload it before %(deadline)s."),
                        name=marked(document, "name"),
                        c=marked(result.criterion, "text"),
                        deadline=paris(call.documents_deadline),
                    )
                )
            continue  # required documents are listed below
        if check == CriterionCheck.STUDY_YEAR and not application.study_year:
            continue  # already asked for above
        if check == CriterionCheck.DECLARATION:
            blocking.append(
                html_message(
                    _(
                        "Motivation: tick “%(c)s” if it is true for you (this call is only open to students who meet it)."
                    ),
                    c=marked(result.criterion, "text"),
                )
            )
        else:
            blocking.append(
                html_message(
                    _("Eligibility: “%(c)s” is not met — %(why)s"),
                    c=marked(result.criterion, "text"),
                    why=result.detail,
                )
            )
    for requirement in missing_required_documents(application):
        later.append(
            html_message(
                _("Document “%(name)s” is missing: upload it before %(deadline)s."),
                name=marked(requirement, "name"),
                deadline=paris(call.documents_deadline),
            )
        )
    return blocking, later


def declared_criteria(application) -> list:
    """The criteria the student declared meeting (the boxes ticked at the motivation step)."""
    declared = set(application.declarations or [])
    return [c for c in application.call.criteria.all() if c.pk in declared]


def _motivation_chars(application):
    if hasattr(application, "motivation_chars"):  # annotated (dashboard.dashboard_applications)
        return application.motivation_chars
    return len((application.motivation or "").strip())


def _has_preferences(application):
    if hasattr(application, "has_preferences"):  # annotated (dashboard.dashboard_applications)
        return application.has_preferences
    return bool(application.preferences.all())


def _declared_everything(application):
    declared = set(application.declarations or [])
    if hasattr(application, "declaration_criteria"):  # annotated: the form only offers these
        return len(declared) >= application.declaration_criteria
    return all(
        c.pk in declared
        for c in application.call.criteria.all()
        if c.checked_by == CriterionCheck.DECLARATION
    )


def completed_steps(application) -> set[str]:
    """The steps of the form the student has finished: what each step asks is given (the same
    rules as `submission_problems`, so a step shown done never blocks the submission). Reads the
    prefetched rows of `application_queryset`, or the annotations of `dashboard.dashboard_applications`."""
    done = set()
    if all(getattr(application, f) for f in ("first_name", "last_name", "date_of_birth", "nationality")):
        done.add("personal")
    if application.good_standing and all(
        getattr(application, f) for f in ("student_number", "study_year", "home_institution")
    ):
        done.add("academic")
    if application.is_incoming or _has_preferences(application):
        done.add("preferences")
    if _motivation_chars(application) >= MIN_MOTIVATION_CHARS and _declared_everything(application):
        done.add("motivation")
    if not missing_required_documents(application):
        done.add("documents")
    return done


def resume_url(application) -> str:
    """Where "Continue my application" leads: the first step not finished, else the final check."""
    done = completed_steps(application)
    step = next((s for s in step_names_for(application) if s not in done), None)
    if step is None:
        return reverse("mobility:review", args=[application.pk])
    return reverse("mobility:step", args=[application.pk, step])


STATUS_HELP = {
    Status.DRAFT: gettext_lazy("Not sent yet: complete the steps and submit before the deadline."),
    Status.SUBMITTED: gettext_lazy("Received by the International Relations Office."),
    Status.UNDER_REVIEW: gettext_lazy("The office and the academic supervisors are reviewing it."),
    Status.ACCEPTED: gettext_lazy("You have a place: confirm that you take it."),
    Status.WAITLISTED: gettext_lazy("On the waiting list: you will be told if a place frees up."),
    Status.REJECTED: gettext_lazy("Not accepted this time."),
    Status.CONFIRMED: gettext_lazy("You confirmed your place."),
    Status.COMPLETED: gettext_lazy("Mobility completed."),
    Status.WITHDRAWN: gettext_lazy("Withdrawn."),
}
