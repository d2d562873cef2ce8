from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import selectors


def project_list(request):
    page = Paginator(selectors.project_list(), 20).get_page(request.GET.get("page"))
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
