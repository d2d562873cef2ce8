"""HTML template + context -> PDF bytes, for every document the portal issues.

Assets are read from the static files on disk (the letterhead, fonts): a PDF render never
reaches the network, so it works offline and leaks nothing about the people it names.
"""

import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML, default_url_fetcher

STATIC_BASE = "file:///__static__/"


def _url_fetcher(url, *args, **kwargs):
    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    path = unquote(urlparse(url).path)
    for prefix in ("/__static__/", settings.STATIC_URL):
        if path.startswith(prefix):
            found = finders.find(path[len(prefix) :])
            if found:
                with open(found, "rb") as fh:
                    return {
                        "string": fh.read(),
                        "mime_type": mimetypes.guess_type(found)[0] or "application/octet-stream",
                    }
    raise ValueError(f"PDF templates may only use static files and data: URLs, not {url!r}")


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=_url_fetcher).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF. In the template, `{% static 'x.css' %}` works as usual."""
    return html_to_pdf(render_to_string(template_name, context))
