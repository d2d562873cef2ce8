"""HTML template + context -> PDF bytes, for every document the portal issues.

Assets are read from the static files on disk (the letterhead, fonts, stylesheets) and from
data: URLs (QR codes): a PDF render never reaches the network, so it works offline and tells
no third party about the people it names.
"""

import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

STATIC_BASE = "file:///__static__/"


class RemoteAssetRefused(FatalURLFetchingError):
    """A PDF template asked for something outside the static files: a template bug, never ignored."""


class StaticOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=["data", "file"])

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlparse(url).path)
        for prefix in ("/__static__/", settings.STATIC_URL):
            if path.startswith(prefix):
                found = finders.find(path[len(prefix) :])
                if found:
                    with open(found, "rb") as fh:
                        body = fh.read()
                    mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, headers={"Content-Type": mime})
        raise RemoteAssetRefused(f"PDF templates may only use static files and data: URLs, not {url!r}")


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF. In the template, `{% static 'x.css' %}` works as usual."""
    return html_to_pdf(render_to_string(template_name, context))
