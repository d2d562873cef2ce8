"""Public partner pages, the coordinator's dashboard and the signed agreements' files."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.files import serve_private_file
from core.rules import own_action

from . import selectors
from .forms import DirectoryFilterForm
from .models import DIRECTORY_KINDS, Agreement

CACHED_PAGES = 20


def directory(request):
    """/partners/: a plain GET form (kind, region, search) and pages that work without JavaScript."""
    form = DirectoryFilterForm(request.GET or None)
    kind = region = search = ""
    if form.is_valid():
        kind, region, search = (form.cleaned_data[name] for name in ("kind", "region", "q"))
    page = request.GET.get("page", "")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    filtered = bool(kind or search)
    # Without a search the page is one of a handful: render it once per data version and language
    # (the first pages only, so that made-up page numbers do not fill the cache).
    cached = not search and page <= CACHED_PAGES
    key = None
    if cached:
        key = selectors.directory_cache_key(kind=kind, region=region, page=page, language=get_language())
    regions_html = cache.get(key) if key else None
    if regions_html is None:
        # The pager's links name the row next to the page (a page inside one large country is then
        # read from it); a page read from a visitor's cursor is not kept (the cursor is theirs).
        after, before = (selectors.cursor(request.GET.get(name)) for name in ("after", "before"))
        if after or before:
            key = None
        listing = selectors.directory(
            kind=kind, search=search, region=region, page=page, after=after, before=before
        )
        query = {name: value for name, value in (("kind", kind), ("q", search)) if value}
        regions_html = render_to_string(
            "partners/_regions.html",
            {
                "regions": listing.regions,
                "region_counts": listing.region_counts,
                "region": region,
                "page_obj": listing.page,
                "filtered": filtered or bool(region),
                "partner_count": listing.partner_count,
                "directory_url": reverse("partners:directory"),
                "filter_query": urlencode(query),
                "page_query": urlencode({**query, "region": region} if region else query),
                "previous_query": urlencode({"before": listing.first_id}) if listing.first_id else "",
                "next_query": urlencode({"after": listing.last_id}) if listing.last_id else "",
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
            "region": region,
            "search": search,
            "filtered": filtered or bool(region),
            "kind_filters": [(key, label) for key, (label, _q) in DIRECTORY_KINDS.items()],
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
    if not own_action("partners.view_coordinator_dashboard", request.user, None):
        raise Http404
    institutions, year_labels = selectors.coordinator_dashboard(request.user)
    return render(
        request,
        "partners/coordinator_dashboard.html",
        {"institutions": institutions, "year_labels": year_labels},
    )


@login_required
def agreement_document(request, pk):
    """The signed agreement: IRO staff and the institution's coordinators only (partners/rules.py);
    academic supervisors read agreements in the admin but get 404 here, like anyone else."""
    agreement = Agreement.objects.filter(pk=pk).first()
    if agreement is None or not request.user.has_perm("partners.view_agreement_document", agreement):
        raise Http404
    if not agreement.signed_document:
        raise Http404
    # An institution's contract, not a person's file: not in the download audit.
    return serve_private_file(agreement.signed_document, download_name=f"agreement-{agreement.pk}.pdf")
