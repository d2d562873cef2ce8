"""Public partner pages, the coordinator's dashboard and the signed agreements' files."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.files import serve_private_file

from . import selectors
from .forms import DirectoryFilterForm


def directory(request):
    """/partners/: a plain GET form (kind, search) that works without JavaScript."""
    form = DirectoryFilterForm(request.GET or None)
    kind, search = ("", "")
    if form.is_valid():
        kind, search = form.cleaned_data["kind"], form.cleaned_data["q"]
    filtered = bool(kind or search)
    # Without a search the page is one of a handful: render it once per data version and language.
    key = None if search else selectors.directory_cache_key(kind, get_language())
    regions_html = cache.get(key) if key else None
    if regions_html is None:
        regions = selectors.directory(kind=kind, search=search)
        regions_html = render_to_string(
            "partners/_regions.html",
            {
                "regions": regions,
                "filtered": filtered,
                "partner_count": sum(r.partner_count for r in regions),
                "directory_url": reverse("partners:directory"),
            },
            request=request,
        )
        if key:
            cache.set(key, regions_html, selectors.DIRECTORY_CACHE_TIMEOUT)
    return render(
        request,
        "partners/directory.html",
        {
            "form": form,
            "regions_html": mark_safe(regions_html),
            "kind": kind,
            "search": search,
            "filtered": filtered,
            "kind_filters": [(key, label) for key, (label, _q) in selectors.KIND_FILTERS.items()],
        },
    )


def detail(request, pk):
    institution = selectors.partner_detail(pk)
    if institution is None or institution.is_home:
        raise Http404
    return render(request, "partners/detail.html", {"institution": institution})


def networks(request):
    return render(request, "partners/networks.html", {"networks": selectors.networks()})


@login_required
def coordinator_dashboard(request):
    if not request.user.is_coordinator:
        raise Http404
    institutions, year_labels = selectors.coordinator_dashboard(request.user)
    return render(
        request,
        "partners/coordinator_dashboard.html",
        {"institutions": institutions, "year_labels": year_labels},
    )


@login_required
def agreement_document(request, pk):
    """The signed agreement: IRO staff and the institution's coordinators only (404 for anyone else)."""
    user = request.user
    if user.is_staff and user.has_perm("partners.view_agreement"):
        from .models import Agreement

        agreement = Agreement.objects.filter(pk=pk).first()
    elif user.is_coordinator:
        agreement = selectors.coordinator_agreement(user, pk)
    else:
        agreement = None
    if agreement is None or not agreement.signed_document:
        raise Http404
    return serve_private_file(agreement.signed_document, download_name=f"agreement-{agreement.pk}.pdf")
