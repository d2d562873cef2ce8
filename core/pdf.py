"""HTML template + context -> PDF bytes, for every document the portal issues.

Assets are read from the static files (the letterhead, fonts, stylesheets) and from data: URLs
(QR codes): a PDF render never reaches the network, so it works offline and tells no third party
about the people it names.

Static files are resolved the way the site serves them: through the finders (development, where
nothing is collected) and the staticfiles storage (with `DJANGO_DEBUG=0`, the collected, hashed
files of the manifest that `{% static %}` names). So a PDF renders the same in
both modes. Any failure (a missing asset, a WeasyPrint error) comes out as `PDFError`, an ordinary
exception: WeasyPrint's own fatal error is a BaseException that would escape Django's and
Celery's handling.
"""

import mimetypes
import os
import threading
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

STATIC_BASE = "file:///__static__/"


class PDFError(Exception):
    """A document could not be rendered; views answer a clear error page, tasks retry."""


class RemoteAssetRefused(PDFError):
    """A PDF template asked for something outside the static files: a template bug, never ignored."""


class MissingStaticAsset(PDFError):
    """A static file named by a PDF template is in neither the collected files nor the sources."""


# Bytes of static assets per (path on disk, modification time, size): the letterhead, stylesheet
# and fonts are read once per worker process instead of once per certificate.
_ASSETS: dict[tuple, bytes] = {}
_ASSETS_LOCK = threading.Lock()
_ASSETS_MAX = 64


def _read_cached(path: str) -> bytes:
    stat = os.stat(path)
    key = (path, stat.st_mtime_ns, stat.st_size)
    body = _ASSETS.get(key)
    if body is None:
        with open(path, "rb") as fh:
            body = fh.read()
        with _ASSETS_LOCK:
            if len(_ASSETS) >= _ASSETS_MAX:
                _ASSETS.clear()
            _ASSETS[key] = body
    return body


def _unhashed_name(name: str) -> str | None:
    """The source name of a hashed name of the manifest (`css/pdf.1a2b3c.css` -> `css/pdf.css`)."""
    hashed_files = getattr(staticfiles_storage, "hashed_files", None)
    if not hashed_files:
        return None
    for original, hashed in hashed_files.items():
        if hashed == name:
            return original
    return None


def static_asset_path(name: str) -> str | None:
    """The file on disk behind a static name as `{% static %}` printed it (hashed or not).

    The sources first (development edits show at once; a hashed name is never there), then the
    collected files of the staticfiles storage, then the source of a hashed name.
    """
    found = finders.find(name)
    if found:
        return found
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except NotImplementedError:  # a storage without local paths (none today)
        pass
    original = _unhashed_name(name)
    return finders.find(original) if original else None


class StaticOnlyFetcher(URLFetcher):
    def __init__(self):
        # fail_on_errors: a missing letterhead or stylesheet stops the render instead of giving a
        # PDF without them.
        super().__init__(allowed_protocols=["data", "file"], fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlparse(url).path)
        for prefix in ("/__static__/", settings.STATIC_URL):
            if path.startswith(prefix):
                name = path[len(prefix) :]
                found = static_asset_path(name)
                if not found:
                    raise MissingStaticAsset(f"static file {name!r} not found for a PDF")
                mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, _read_cached(found), headers={"Content-Type": mime})
        raise RemoteAssetRefused(f"PDF templates may only use static files and data: URLs, not {url!r}")


# WeasyPrint loads the system fonts into a new FontConfiguration for every document unless given
# one: a third of a certificate's CPU time. One per thread (a worker renders one document at a
# time), renewed now and then so that @font-face rules, if a template ever has some, cannot pile up.
_RENDERER = threading.local()
_RENDERS_PER_FONT_CONFIG = 500


def _renderer():
    state = _RENDERER.__dict__
    if state.get("renders", _RENDERS_PER_FONT_CONFIG) >= _RENDERS_PER_FONT_CONFIG:
        state.update(font_config=FontConfiguration(), fetcher=StaticOnlyFetcher(), renders=0)
    state["renders"] += 1
    return state["font_config"], state["fetcher"]


def html_to_pdf(html: str) -> bytes:
    font_config, fetcher = _renderer()
    try:
        return HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).write_pdf(font_config=font_config)
    except FatalURLFetchingError as exc:
        if isinstance(exc.__cause__, PDFError):
            raise exc.__cause__ from exc
        raise PDFError(str(exc)) from exc
    except PDFError:
        raise
    except Exception as exc:
        raise PDFError(f"WeasyPrint could not render the document: {exc}") from exc


def render_pdf(template_name, context: dict) -> bytes:
    """Render a Django template to PDF. In the template, `{% static 'x.css' %}` works as usual.

    Raises PDFError whatever went wrong (a `{% static %}` name missing from the manifest too).
    """
    try:
        html = render_to_string(template_name, context)
    except ValueError as exc:  # the manifest storage's "Missing staticfiles manifest entry"
        raise PDFError(str(exc)) from exc
    return html_to_pdf(html)
