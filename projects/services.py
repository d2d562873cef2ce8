"""Every write of the projects app: a project, its partners and sessions, and what the public site shows.

- `save_project(acronym, **fields)`, `set_partner(project, institution, *, role)`,
  `save_session(project, title, **fields)`: create or update by their natural keys, so running
  them twice (the demo data, a re-import) keeps one row each.
- `set_published(projects, *, published)`: show or hide projects on the public pages (admin
  actions); returns how many changed.
- `open_registrations(session, *, by, ...)`: a training session takes registrations through the
  summer schools' offering machinery (one mechanism): its offering is created and linked.
- `save_work_package(project, number, **fields)`, `save_deliverable(project, code, **fields)`,
  `save_report(project, kind, *, deadline, **fields)`: the work plan and what is owed to the
  national agency, created or updated by their natural keys, checked as the admin checks them.
- `mark_delivered(deliverables, *, by, on=None)`, `mark_submitted(reports, *, by, at=None)`: the
  office's follow-up (admin actions); what is already done keeps its date. Both return how many
  changed; a submitted report gets no more reminders, nor a delivered deliverable.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.content import in_each_language
from core.errors import ServiceError
from summerschool.models import Offering, OfferingKind

from .models import (
    AgencyReport,
    Deliverable,
    DeliverableStatus,
    Project,
    ProjectPartner,
    ReportKind,
    TrainingSession,
    WorkPackage,
)


class ProjectError(ServiceError):
    """A refusal staff can read."""


def save_project(acronym, **fields):
    project, _created = Project.objects.update_or_create(acronym=acronym, defaults=fields)
    return project


def set_partner(project, institution, *, role):
    partnership, _created = ProjectPartner.objects.update_or_create(
        project=project, institution=institution, defaults={"role": role}
    )
    return partnership


def save_session(project, title, **fields):
    session, _created = TrainingSession.objects.update_or_create(
        project=project, title_en=title, defaults=fields
    )
    return session


def set_published(projects, *, published):
    return (
        Project.objects.filter(pk__in=[p.pk for p in projects])
        .exclude(is_published=published)
        .update(is_published=published)
    )


def open_registrations(
    session,
    *,
    by,
    capacity,
    registration_opens,
    registration_closes,
    fee=0,
    ects=0,
    hours=0,
    signatory_name="",
    signatory_title="",
):
    """Open registrations for `session`: an offering of kind `project_activity` named after the
    project and the session, with its dates, place and audience, in English and French (staff may
    work in French: the texts are built in each language). Refused when already open."""
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().select_related("project").get(pk=session.pk)
        if session.offering_id:
            raise ProjectError(
                _("Registrations for “%(title)s” are already open.") % {"title": session.title}
            )
        if registration_closes <= registration_opens:
            raise ProjectError(_("Registration must close after it opens."))
        project = session.project
        base = slugify(f"{project.acronym}-{session.title_en}")[:180] or f"session-{session.pk}"
        slug, n = base, 1
        while Offering.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        texts = in_each_language(
            lambda: {
                "title": f"{project.acronym} — {session.title}",
                "theme": str(session.get_kind_display()),
                "description": session.description or project.summary,
                "audience": session.audience,
                "locations": session.location,
            }
        )
        offering = Offering.objects.create(
            kind=OfferingKind.PROJECT_ACTIVITY,
            slug=slug,
            starts_on=session.starts_on,
            ends_on=session.ends_on,
            **texts,
            capacity=capacity,
            fee=fee,
            ects=ects,
            hours=hours,
            registration_opens=registration_opens,
            registration_closes=registration_closes,
            contact_email=project.contact_email,
            signatory_name=signatory_name,
            signatory_title=signatory_title,
        )
        session.offering = offering
        session.save(update_fields=["offering"])
    return offering


def _checked(obj):
    """`obj` saved after the model's own checks (the admin's): a refusal staff can read."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ProjectError(" ".join(exc.messages)) from exc
    obj.save()
    return obj


def _upsert(model, keys, fields):
    obj = model.objects.filter(**keys).first() or model(**keys)
    for name, value in fields.items():
        setattr(obj, name, value)
    return _checked(obj)


def save_work_package(project, number, **fields):
    return _upsert(WorkPackage, {"project": project, "number": number}, fields)


def save_deliverable(project, code, **fields):
    if fields.get("status") == DeliverableStatus.DELIVERED and not fields.get("delivered_on"):
        fields["delivered_on"] = fields.get("due_on")
    return _upsert(Deliverable, {"project": project, "code": code}, fields)


def save_report(project, kind, *, deadline, **fields):
    """A report to the national agency: one interim and one final per project, progress reports
    by their deadline."""
    keys = {"project": project, "kind": kind}
    if kind == ReportKind.PROGRESS:
        keys["deadline"] = deadline
    return _upsert(AgencyReport, keys, {"deadline": deadline, **fields})


def mark_delivered(deliverables, *, by, on=None):
    on = on or timezone.localdate()
    return (
        Deliverable.objects.filter(pk__in=[d.pk for d in deliverables])
        .exclude(status=DeliverableStatus.DELIVERED)
        .update(status=DeliverableStatus.DELIVERED, delivered_on=on)
    )


def mark_submitted(reports, *, by, at=None):
    at = at or timezone.now()
    return AgencyReport.objects.filter(pk__in=[r.pk for r in reports], submitted_at__isnull=True).update(
        submitted_at=at
    )
