import subprocess

import pytest

from core.pdf import RemoteAssetRefused, html_to_pdf, render_pdf


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_pdf_helper_renders_a_template_with_static_assets(tmp_path):
    data = render_pdf("core/pdf/sample.html", {"name": "Léa Dubois", "programme": "IMEP — UT Southwestern"})
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Léa Dubois" in text
    assert "IMEP — UT Southwestern" in text


def test_pdf_helper_never_fetches_from_the_network():
    with pytest.raises(RemoteAssetRefused):
        html_to_pdf('<img src="https://example.org/tracker.png">')
