import subprocess

import pytest

from core.pdf import PDFError, RemoteAssetRefused, html_to_pdf, render_pdf


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


# --- Production static mode (DJANGO_DEBUG=0: collected files, hashed names, manifest) ---------


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory, django_db_blocker):
    """collectstatic as the Docker image runs it (whitenoise's manifest storage) into a temp root."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("staticfiles")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root, storages


@pytest.fixture
def production_static(collected_static, settings):
    root, storages = collected_static
    settings.STATIC_ROOT = root
    settings.STORAGES = storages
    settings.DEBUG = False
    return root


def pdf_facts(data: bytes, tmp_path, name):
    """What a reader sees: the text, the raster images embedded, page 1 as pixels."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    subprocess.run(
        ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / name)], check=True
    )
    [page] = tmp_path.glob(f"{name}-*1.png")
    return text, len(images.splitlines()) - 2, page.read_bytes()


def letterhead_drawn(page_png: bytes) -> bool:
    """The letterhead logo (an SVG: a filled dark blue square) is on the page: a solid 6x6 block of
    its colour in the top third (the headings and rules of the same blue are thinner than that)."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(page_png)).convert("RGB")
    px = img.load()

    def blue(x, y):
        r, g, b = px[x, y]
        return abs(r - 0x0B) < 30 and abs(g - 0x3D) < 30 and abs(b - 0x6E) < 30

    return any(
        all(blue(x + dx, y + dy) for dx in range(6) for dy in range(6))
        for y in range(img.height // 3)
        for x in range(img.width - 6)
        if blue(x, y)
    )


def documents():
    """An acceptance letter, a receipt, a certificate and an invoice, each as (name, render, expected text)."""
    import datetime
    from decimal import Decimal

    from mobility import services as mobility_services
    from mobility.models import AcceptanceLetter, Status
    from mobility.services import records as services_records
    from summerschool import services as summer
    from summerschool.models import Certificate, Invoice, Payment, State
    from tests.factories import StaffFactory
    from tests.mobility.factories_records import under_review
    from tests.summerschool.factories import RegistrationFactory

    staff = StaffFactory()
    application = under_review(staff, first_name="Léa", last_name="Dubois-Martin")
    mobility_services.transition(application, Status.ACCEPTED, by=staff, comment="", notify=False)
    letter = AcceptanceLetter(application=application, reference="IRO-TEST-00001")
    letter.start_date, letter.end_date = services_records.default_period(application)

    registration = RegistrationFactory(
        state=State.COMPLETED, participant__first_name="Jonas", participant__last_name="Keller"
    )
    payment = Payment.objects.create(
        registration=registration,
        amount=Decimal("3100"),
        paid_on=datetime.date(2026, 5, 4),
        bank_reference="BNK-42",
    )
    certificate = Certificate.objects.create(registration=registration)
    invoice = Invoice.objects.create(
        registration=registration,
        year=2026,
        sequence=7,
        issued_on=datetime.date(2026, 4, 20),
        due_on=datetime.date(2026, 5, 11),
        amount=Decimal("3100"),
        billing_name="Jonas Keller",
        billing_address="1 Main Street\nBerlin",
        description="Hands-on Training (06/07/2026 – 17/07/2026)",
        payment_reference=registration.transfer_reference,
    )
    return [
        (
            "letter",
            lambda: services_records.render_pdf(
                services_records.LETTER_TEMPLATE, services_records.letter_context(application, letter)
            ),
            "Léa Dubois-Martin",
        ),
        ("receipt", lambda: summer.receipt_pdf(payment), payment.receipt_number),
        ("certificate", lambda: summer.render_certificate(certificate), "Jonas Keller"),
        ("invoice", lambda: summer.invoice_pdf(invoice), "F-2026-000007"),
    ]


@pytest.mark.django_db
def test_every_pdf_renders_the_same_with_the_manifest_storage_as_in_development(settings, tmp_path, request):
    from django.template.loader import render_to_string

    docs = documents()
    plain = {name: pdf_facts(render(), tmp_path, f"plain-{name}") for name, render, _text in docs}
    request.getfixturevalue("production_static")
    hashed = render_to_string("core/pdf/sample.html", {})
    assert "/static/css/pdf.css" not in hashed and "/static/css/pdf." in hashed  # hashed names in force
    for name, render, expected in docs:
        data = render()
        assert data.startswith(b"%PDF-"), name
        text, images, page = pdf_facts(data, tmp_path, f"manifest-{name}")
        assert expected in text, name
        assert letterhead_drawn(page), name
        plain_text, plain_images, plain_page = plain[name]
        assert (text, images) == (plain_text, plain_images), name
        assert page == plain_page, name  # pixel for pixel
    assert plain["certificate"][1] == 1  # the QR code


def test_a_missing_static_file_is_an_ordinary_exception():
    from weasyprint.urls import FatalURLFetchingError

    assert not issubclass(FatalURLFetchingError, Exception)  # why PDFError exists
    with pytest.raises(PDFError) as caught:
        html_to_pdf('<link rel="stylesheet" href="/static/css/no-such-file.css"><p>x</p>')
    assert isinstance(caught.value, Exception) and "no-such-file.css" in str(caught.value)


def test_a_template_naming_a_file_missing_from_the_manifest_is_a_pdf_error(
    production_static, tmp_path, settings
):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]},
        *settings.TEMPLATES[1:],
    ]
    (tmp_path / "broken.html").write_text("{% load static %}<img src=\"{% static 'img/nowhere.png' %}\">")
    with pytest.raises(PDFError):
        render_pdf("broken.html", {})
