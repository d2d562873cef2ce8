import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import serve_private_file

from . import selectors, services
from .conf import retention
from .forms import ErasureRequestForm
from .models import DataRequest, RequestKind
from .register import controller, notice_sections


def notice(request):
    """The privacy notice, worded from the retention settings in force."""
    return render(
        request,
        "privacy/notice.html",
        {"sections": notice_sections(), "controller": controller(), "retention": retention()},
    )


def _person(request):
    """Students, participants and coordinators ask here; back-office accounts go through the office."""
    if request.user.is_staff:
        raise Http404
    return request.user


@login_required
def my_data(request):
    return _my_data_page(request, _person(request), ErasureRequestForm())


def _my_data_page(request, user, form, status=200):
    now = timezone.now()
    return render(
        request,
        "privacy/my_data.html",
        {
            "requests": selectors.requests_of(user),
            "pending_erasure": selectors.pending_erasure(user),
            "blockers": services.erasure_blockers(user, now=now),
            "keeps": services.erasure_keeps(user, now=now),
            "form": form,
            "now": now,
            "days": retention()["data_copy_days"],
        },
        status=status,
    )


@login_required
@require_POST
def request_copy(request):
    services.request_copy(_person(request))
    messages.success(request, _("Your copy is being prepared: we will email you when it is ready."))
    return redirect("privacy:my_data")


@login_required
def download_copy(request, token):
    """The link works once, for its owner, until it expires; then the file is deleted (404 otherwise)."""
    user = _person(request)
    copy = get_object_or_404(DataRequest, token=token, kind=RequestKind.COPY, user=user)
    if not copy.link_works() or not services.use_copy_link(copy, user):
        return render(request, "privacy/copy_unavailable.html", status=404)
    response = serve_private_file(copy.file, download_name="my-data-iro-portal.zip", inline=False)
    # Nobody can ask for it again (the row forgets it now); the stored file is deleted once the
    # response is closed, after streaming, so that it works with any storage (a bucket too).
    storage, path = copy.file.storage, copy.file.name
    DataRequest.objects.filter(pk=copy.pk).update(file="")

    def delete_copy():
        with contextlib.suppress(Exception):
            storage.delete(path)

    response._resource_closers.append(delete_copy)
    response["Content-Type"] = "application/zip"
    return response


@login_required
@require_POST
def request_erasure(request):
    user = _person(request)
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        # The page again, opening on its error summary (the box is ticked nowhere else).
        return _my_data_page(request, user, form, status=400)
    services.request_erasure(user)
    messages.success(request, _("Your request is recorded. The office checks it and answers within a month."))
    return redirect("privacy:my_data")
