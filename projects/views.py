from django.shortcuts import get_object_or_404, render
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
