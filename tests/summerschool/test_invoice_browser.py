"""A participant downloads their invoice from their registration page; after paying and cancelling,
the credit note too. What the PDFs say is read back with pdftotext (issue 17)."""

import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone

from summerschool import services
from summerschool.models import InvoiceKind
from tests.conftest import login_as
from tests.factories import StudentFactory

from .factories import SummerSchoolFactory, cv_file, registration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(page, href, tmp_path):
    response = page.request.get(page.live_server_url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    path = tmp_path / "document.pdf"
    path.write_bytes(response.body())
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_a_participant_downloads_the_invoice_then_the_credit_note_of_a_paid_cancelled_seat(
    page, screenshot, tmp_path
):
    school = SummerSchoolFactory(title="Rethinking Global Health", fee=Decimal("450"))
    person = StudentFactory(first_name="Kari", last_name="Nordmann")
    registration = services.register(
        school, person, data=registration_data(institution_name="University of Bergen"), cv=cv_file()
    )
    invoice = registration.invoices.get()
    login_as(page, person)
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(page.live_server_url + registration.get_absolute_url())
    reference = page.get_by_test_id("transfer-reference").inner_text()
    assert registration.transfer_reference in reference
    link = page.get_by_test_id("invoices").get_by_role("link", name=f"Invoice {invoice.number}")
    screenshot(page, "summerschool-invoice-registration-1280")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "summerschool-invoice-registration-390")

    text = pdf_text(page, link.get_attribute("href"), tmp_path)
    for expected in [
        f"Invoice {invoice.number}",
        "Kari Nordmann",
        "University of Bergen",
        "Rethinking Global Health",
        "€450.00",
        registration.transfer_reference,
    ]:
        assert expected in text, expected

    # Paid, then cancelled by the participant: a credit note cancels the invoice, listed beside it.
    services.record_payment(
        registration, amount=Decimal("450"), paid_on=timezone.localdate(), bank_reference="VIR-1", by=None
    )
    page.reload()
    page.get_by_test_id("cancel").click()
    assert "Your registration is cancelled." in page.locator(".alert-success").inner_text()
    note = registration.invoices.get(kind=InvoiceKind.CREDIT_NOTE)
    listed = page.get_by_test_id("invoices").inner_text()
    assert f"Credit note {note.number}" in listed and "-€450.00" in listed
    assert listed.index(invoice.number) < listed.index(note.number), "listed as issued"
    assert "You paid €450.00" in page.get_by_test_id("paid-before-leaving").inner_text()
    screenshot(page, "summerschool-credit-note-registration-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "summerschool-credit-note-registration-1280")

    link = page.get_by_test_id("invoices").get_by_role("link", name=f"Credit note {note.number}")
    text = pdf_text(page, link.get_attribute("href"), tmp_path)
    for expected in [
        f"Credit note {note.number}",
        f"Cancels invoice {invoice.number}",
        "Kari Nordmann",
        "-€450.00",
        registration.transfer_reference,
    ]:
        assert expected in text, expected
