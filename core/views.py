import os
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors
from .files import serve_private_file
from .models import FileKind


def csrf_failure(request, reason=""):
    """A form refused for its security token (settings.CSRF_FAILURE_VIEW): most often the page stayed
    open past the session's time limit and the person was signed out meanwhile. Django's own page
    ("CSRF verification failed. Request aborted.") told them nothing they could act on."""
    referer = request.META.get("HTTP_REFERER", "")
    back = ""
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        back = parts.path + (f"?{parts.query}" if parts.query else "")  # the page the form was on
    return render(request, "403_csrf.html", {"back": back}, status=403)


def home(request):
    return render(request, "core/home.html", {"figures": selectors.home_figures()})


@login_required
def dashboard(request):
    """Send each person to the page where their work is."""
    user = request.user
    if user.is_staff:
        target = "admin:index"
    elif user.is_coordinator:
        target = "partners:coordinator_dashboard"
    else:
        target = "mobility:dashboard"
    try:
        return redirect(reverse(target))
    except NoReverseMatch:
        return render(request, "core/dashboard.html")


@never_cache
@require_GET
def healthz(request):
    """For the load balancer and the compose healthchecks: what answers, and what is down.

    503 only when the database is down (nothing works then). With Redis down the portal still
    serves every page and saves every change (mail waits in the outbox, the cache is skipped), so
    it says "degraded" and names what is down, with 200: taking every web replica out of the load
    balancer because of the broker would turn a delay into an outage.
    """
    checks, database_ok = {}, True
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"], database_ok = f"error: {exc.__class__.__name__}", False
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {exc.__class__.__name__} (emails and PDFs wait until it is back)"
    else:
        checks["broker"] = "not configured (tasks run in-process)"
    if database_ok:
        from .emails import outbox_status

        checks["outbox"] = outbox_status()
    degraded = not database_ok or checks["broker"].startswith("error")
    status = "error" if not database_ok else ("degraded" if degraded else "ok")
    return JsonResponse({"status": status, **checks}, status=200 if database_ok else 503)


@login_required
def staff_file(request, token):
    """Private files for IRO staff in the admin (file widgets link here); every download is audited."""
    if not request.user.has_perm("core.view_private_file"):
        raise Http404
    try:
        name = signing.loads(token, salt="core.private-file")
    except signing.BadSignature as exc:
        raise Http404 from exc
    storage = default_storage  # the folder or the bucket, whichever holds the files
    if not storage.exists(name):
        raise Http404
    audit = {"request": request, "owner": None, "kind": FileKind.BACK_OFFICE_FILE}
    return serve_private_file(storage.open(name), download_name=os.path.basename(name), audit=audit)
