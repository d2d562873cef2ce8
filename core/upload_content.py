"""What is inside an upload, beyond its type: active content in PDFs, metadata in photos.

Called by core.files.validate_upload, so every upload path (application documents, summer-school
CVs, …) refuses PDFs that can run something when staff open them, and keeps no EXIF (GPS
position, camera, date) of the photos students send.
"""

import io
import logging

import pikepdf
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Actions that run code or open something outside the document.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/GoToE", "/Rendition"}


def _name(obj, key):
    value = obj.get(key)
    return str(value) if isinstance(value, pikepdf.Name) else None


def _walk(pdf):
    """Every dictionary of the file, direct or indirect, reachable from the trailer or not."""
    seen = set()
    stack = [pdf.trailer, *pdf.objects]
    while stack:
        obj = stack.pop()
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            yield obj
            stack.extend(obj.values())
        elif isinstance(obj, pikepdf.Array):
            stack.extend(obj)


def pdf_problems(pdf):
    """The kinds of active content in an open PDF: a set of "script", "launch", "attachment"."""
    found = set()
    root = pdf.Root
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        if "/JavaScript" in names:
            found.add("script")
        if "/EmbeddedFiles" in names:
            found.add("attachment")
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        found.add("script")  # XFA forms carry their own scripts
    for obj in _walk(pdf):
        action = _name(obj, "/S")
        if "/JS" in obj or action == "/JavaScript":
            found.add("script")
        elif action in ACTIVE_ACTIONS:
            found.add("launch")
        kind = _name(obj, "/Type")
        subtype = _name(obj, "/Subtype")
        if kind == "/EmbeddedFile" or (kind == "/Filespec" and "/EF" in obj):
            found.add("attachment")
        if subtype == "/FileAttachment":
            found.add("attachment")
        if subtype in ("/RichMedia", "/Screen"):
            found.add("launch")
    return found


def check_pdf(uploaded_file):
    """Refuse a PDF that carries JavaScript, launch actions or attached files, in plain words."""
    name = uploaded_file.name
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            problems = pdf_problems(pdf)
    except pikepdf.PasswordError as exc:
        raise ValidationError(
            _(
                "“%(name)s” is protected by a password, so nobody here could open it. Upload a copy without a password."
            ),
            code="pdf_password",
            params={"name": name},
        ) from exc
    except pikepdf.PdfError as exc:
        raise ValidationError(
            _(
                "“%(name)s” could not be read as a PDF: it may be damaged. Save or export it again as PDF and "
                "upload the new file."
            ),
            code="pdf_unreadable",
            params={"name": name},
        ) from exc
    if "script" in problems or "launch" in problems:
        raise ValidationError(
            _(
                "“%(name)s” contains JavaScript or actions that start other programs, which the portal does not "
                "accept for safety. Print it to a new PDF (Print, then “Save as PDF”) and upload that file."
            ),
            code="pdf_active_content",
            params={"name": name},
        )
    if "attachment" in problems:
        raise ValidationError(
            _(
                "“%(name)s” has other files attached inside it, which the portal does not accept. Upload each "
                "document on its own, or print this one to a new PDF (Print, then “Save as PDF”)."
            ),
            code="pdf_attachment",
            params={"name": name},
        )


def strip_image_metadata(uploaded_file, kind):
    """Rewrite a JPEG or PNG without its metadata (EXIF with GPS, XMP, comments), in place.

    The EXIF orientation is applied to the pixels first, so the photo still stands upright.
    The colour profile is kept: it is not personal and the colours depend on it.
    """
    name = uploaded_file.name
    uploaded_file.seek(0)
    try:
        with Image.open(uploaded_file) as image:
            image.load()
            icc = image.info.get("icc_profile")
            fmt = image.format
            clean = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _(
                "“%(name)s” could not be read as an image: it may be damaged. Save it again and upload the new file."
            ),
            code="image_unreadable",
            params={"name": name},
        ) from exc
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG" or kind == "jpeg":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=92, optimize=True, **options)
    else:
        clean.save(out, format="PNG", **options)
    data = out.getvalue()
    # Rewrite the uploaded file itself (in memory or Django's temporary file on disk), so that
    # whatever saves it next, and its size, see the clean image.
    uploaded_file.seek(0)
    uploaded_file.truncate()
    uploaded_file.write(data)
    uploaded_file.flush()
    uploaded_file.seek(0)
    uploaded_file.size = len(data)
