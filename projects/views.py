from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.paging import annotated_page

from . import selectors


def project_list(request):
    page = annotated_page(
        selectors.project_list(), request.GET.get("page"), per_page=20, annotate=selectors.with_counts
    )
    return render(request, "projects/project_list.html", {"page": page})


def project_detail(request, slug):
    project = get_object_or_404(selectors.project_detail_queryset(), slug=slug)
    today = timezone.localdate()
    sessions = list(project.sessions.all())
    for session in sessions:
        if session.offering_id:
            session.offering.seats_taken = session.seats_taken  # counted in the prefetch
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "partner_groups": selectors.partners_by_role(project),
            "lineage": selectors.lineage(project),
            "upcoming": [s for s in sessions if s.ends_on >= today],
            "past": [s for s in sessions if s.ends_on < today][::-1],
        },
    )


def activity(request, slug):
    """The public page of a training session open for registration: its place on the project page."""
    session = selectors.session_of_activity(slug)
    if session is None:
        raise Http404
    return redirect(session.project.get_absolute_url() + f"#session-{session.pk}")
