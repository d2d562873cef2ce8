"""Reads for the public project pages: a fixed number of queries whatever the number of rows."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from summerschool.models import SEAT_STATES

from .models import Deliverable, PartnerRole, Project, ProjectPartner, TrainingSession


def project_list():
    """The public projects, newest first (paged by the view; `with_counts` then counts for one page)."""
    return Project.objects.public().order_by("-start_year", "acronym")


def with_counts(projects):
    """The page's projects with their partners and coming sessions counted (core.paging)."""
    today = timezone.localdate()
    return projects.select_related("continues").annotate(
        partner_count=Count("partnerships", distinct=True),
        upcoming_count=Count("sessions", filter=Q(sessions__ends_on__gte=today), distinct=True),
    )


def project_detail_queryset():
    return (
        Project.objects.public()
        .select_related("continues")
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=ProjectPartner.objects.select_related("institution").order_by("institution__name"),
            ),
            Prefetch(
                "sessions",
                queryset=TrainingSession.objects.select_related("offering")
                .annotate(
                    seats_taken=Count(
                        "offering__registrations",
                        filter=Q(offering__registrations__state__in=[s.value for s in SEAT_STATES]),
                    )
                )
                .order_by("starts_on"),
            ),
            "continued_by",
            # Its outputs: the deliverables staff marked public, delivered or coming.
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.filter(public=True)
                .select_related("work_package")
                .order_by("due_on", "code"),
                to_attr="outputs",
            ),
        )
    )


GROUP_HEADINGS = {
    PartnerRole.COORDINATOR: _("Coordinator"),
    PartnerRole.PARTNER: _("Partner institutions"),
    PartnerRole.ASSOCIATED: _("Associated partners"),
}


def partners_by_role(project):
    groups = {role: [] for role in PartnerRole.values}
    for partnership in project.partnerships.all():
        groups[partnership.role].append(partnership.institution)
    return [(GROUP_HEADINGS[role], institutions) for role, institutions in groups.items() if institutions]


def lineage(project):
    """The chain of projects this one continues, oldest first (IDEAL, IDEAL+, IDEALiTER …)."""
    chain, seen, current = [], {project.pk}, project.continues
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.continues
    return list(reversed(chain))


def session_of_activity(slug):
    """The published training session whose registrations `slug` names (its public page is the
    project's), or None."""
    return (
        TrainingSession.objects.select_related("project")
        .filter(offering__slug=slug, offering__is_published=True, project__is_published=True)
        .first()
    )
