"""Checking uploads by their content and serving private files to those allowed to see them."""

import os

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .upload_content import check_pdf, strip_image_metadata

# kind -> (mime type, label shown to people)
FILE_KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "jpeg": ("image/jpeg", "JPEG"),
    "png": ("image/png", "PNG"),
}
DEFAULT_KINDS = ("pdf", "jpeg", "png")


def detect_kind(uploaded_file):
    """The kind of file from its first bytes, whatever its name says (None when unknown)."""
    pos = uploaded_file.tell() if hasattr(uploaded_file, "tell") else 0
    uploaded_file.seek(0)
    head = uploaded_file.read(2048)
    uploaded_file.seek(pos)
    guess = filetype.guess(head)
    if guess is None:
        return None
    for kind, (mime, _label) in FILE_KINDS.items():
        if guess.mime == mime:
            return kind
    return None


def validate_upload(uploaded_file, allowed_kinds=DEFAULT_KINDS, max_bytes=10 * 1024 * 1024):
    """Raise a ValidationError a person understands, or return the detected kind.

    PDFs with JavaScript, launch actions or attached files are refused; JPEG and PNG images are
    rewritten in place without their metadata (core/upload_content.py).
    """
    labels = ", ".join(FILE_KINDS[k][1] for k in allowed_kinds)
    if uploaded_file.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit for this document is %(limit)s."),
            code="too_large",
            params={
                "name": uploaded_file.name,
                "size": filesizeformat(uploaded_file.size),
                "limit": filesizeformat(max_bytes),
            },
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": uploaded_file.name})
    kind = detect_kind(uploaded_file)
    if kind not in allowed_kinds:
        raise ValidationError(
            _("“%(name)s” is not a %(labels)s file (its content was checked, not its name)."),
            code="bad_type",
            params={"name": uploaded_file.name, "labels": labels},
        )
    # Content, not only type: no PDF that runs something when opened, no photo metadata (GPS).
    if kind == "pdf":
        check_pdf(uploaded_file)
    elif kind in ("jpeg", "png"):
        strip_image_metadata(uploaded_file, kind)
    return kind


def serve_private_file(field_file, download_name=None, inline=True, *, audit=None):
    """Stream a private file. Callers check permission first (and answer 404 to strangers).

    `audit`: a dict of core.audit.record_file_access's arguments (request, owner, kind, obj) for a
    person's file: the download is recorded once the file is found, unless the owner downloads it.
    """
    if not field_file:
        raise Http404
    storage = getattr(field_file, "storage", None)
    try:
        fh = storage.open(field_file.name, "rb") if storage is not None else field_file
    except FileNotFoundError as exc:
        raise Http404 from exc
    if audit is not None:
        from .audit import record_file_access

        request = audit["request"]
        record_file_access(
            by=request.user,
            owner=audit.get("owner"),
            kind=audit["kind"],
            obj=audit.get("obj"),
            file_name=download_name or os.path.basename(field_file.name),
            request=request,
        )
    kind = detect_kind(fh)
    content_type = FILE_KINDS[kind][0] if kind else "application/octet-stream"
    response = FileResponse(
        fh,
        as_attachment=not inline or kind is None,
        filename=download_name or os.path.basename(field_file.name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response
