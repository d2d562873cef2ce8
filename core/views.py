from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .files import serve_private_file
from .storage import PrivateStorage


def home(request):
    return render(request, "core/home.html")


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
    """For the load balancer and the compose healthchecks: does the database (and broker) answer?"""
    checks, ok = {}, True
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"], ok = f"error: {exc.__class__.__name__}", False
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"], ok = f"error: {exc.__class__.__name__}", False
    else:
        checks["broker"] = "not configured (tasks run in-process)"
    return JsonResponse({"status": "ok" if ok else "error", **checks}, status=200 if ok else 503)


@login_required
def staff_file(request, token):
    """Private files for IRO staff in the admin (file widgets link here)."""
    if not request.user.is_iro_staff:
        raise Http404
    try:
        name = signing.loads(token, salt="core.private-file")
    except signing.BadSignature as exc:
        raise Http404 from exc
    storage = PrivateStorage()
    if not storage.exists(name):
        raise Http404
    return serve_private_file(storage.open(name))
