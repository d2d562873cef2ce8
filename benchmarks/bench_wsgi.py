"""The portal's WSGI application plus a bare view, for benchmarks/scale.py's gunicorn only.

`/__bench__/bare/` renders `base.html` with no query: the framework's floor, served by the same
processes as the pages it is compared with. It exists only in processes started with this module
(`gunicorn bench_wsgi:application`, with benchmarks/ on the path); config/wsgi.py and config/urls.py,
what production serves, never name it.
"""

from django.shortcuts import render
from django.urls import clear_url_caches, path

from config.wsgi import application  # sets Django up, as production does

__all__ = ["application"]


def bare(request):
    return render(request, "base.html")


def _add_bare_view():
    from config import urls  # once the apps are ready

    urls.urlpatterns.insert(0, path("__bench__/bare/", bare))
    clear_url_caches()


_add_bare_view()
