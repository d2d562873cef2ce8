"""Stand-in documents for the demo data: real one-page PDFs saying what they stand for.

Uploads go through core.files' content checks (a PDF must open), so the demo uploads what a
student would: a readable PDF, not a few bytes that merely start like one.
"""

import io
from functools import cache

import pikepdf


@cache
def demo_pdf(title: str) -> bytes:
    """A one-page A4 PDF with `title` and the words "demo document" on it."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )

    def text(value):
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return escaped.encode("cp1252", errors="replace")

    content = (
        b"BT /F1 18 Tf 72 760 Td (" + text(title) + b") Tj ET\n"
        b"BT /F1 11 Tf 72 735 Td ("
        + text("Demo document of the IRO Portal: not a real record.")
        + b") Tj ET\n"
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()
