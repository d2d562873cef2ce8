"""Receipts, invoices and certificates are written in the participant's preferred language."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation

from summerschool import services
from summerschool.models import State
from tests.factories import StaffFactory, StudentFactory

from .factories import RegistrationFactory, SummerSchoolFactory, cv_file, registration_data

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Payment receipt",
    "Invoice",
    "Registration fee",
    "Amount received",
    "Amount due",
    "Date of payment",
    "Payment by bank transfer",
    "acknowledges receipt",
    "This is to certify",
    "has successfully completed",
    "hours of teaching",
    "ECTS credits awarded",
    "Verify this certificate",
    "Verification code",
    "€450",
]


def pdf_text(data, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())  # also turns the non-breaking space before "€" into a plain one


def documents(language, tmp_path):
    """The texts of the invoice, receipt and certificate of a participant who reads `language`."""
    person = StudentFactory(first_name="Lena", last_name="Vogel", language=language)
    school = SummerSchoolFactory(title="AI in Medicine", fee=Decimal("450"))
    registration = services.register(school, person, data=registration_data(), cv=cv_file())
    invoice = registration.invoices.get()
    payment = services.record_payment(
        registration, amount=Decimal("450"), paid_on=datetime.date(2026, 7, 3), bank_reference="B1", by=None
    )
    finished = SummerSchoolFactory(title="AI in Medicine", finished=True)
    done = RegistrationFactory(offering=finished, participant=person, state=State.CONFIRMED)
    services.mark_completed([done], by=StaffFactory())
    services.issue_certificate(done.pk)
    done.refresh_from_db()
    # Whoever downloads it (staff browsing in English here), the document follows the participant.
    with translation.override("en" if language == "fr" else "fr"):
        return {
            "invoice": pdf_text(services.invoice_pdf(invoice), tmp_path),
            "receipt": pdf_text(services.receipt_pdf(payment), tmp_path),
            "certificate": pdf_text(services.render_certificate(done.certificate), tmp_path),
        }


def test_a_french_participant_gets_french_pdfs_with_french_amounts_and_dates(tmp_path):
    texts = documents("fr", tmp_path)
    assert "Facture F-" in texts["invoice"]
    assert "Montant dû 450,00 €" in texts["invoice"]
    assert "Paiement par virement bancaire" in texts["invoice"]
    assert "Reçu de paiement" in texts["receipt"]
    assert "Frais d’inscription 450,00 €" in texts["receipt"]
    assert "Montant reçu 450,00 €" in texts["receipt"]
    assert "3 juillet 2026" in texts["receipt"]
    assert "Paris, le " in texts["receipt"]
    # The title is set in small capitals, which pdftotext splits ("A ttestAtion").
    assert "attestationderéussite" in texts["certificate"].lower().replace(" ", "")
    assert "Nous certifions que Lena Vogel a suivi avec succès l’école d’été" in texts["certificate"]
    assert "heures d’enseignement" in texts["certificate"]
    assert "Code de vérification" in texts["certificate"]
    assert "Paris, le " in texts["certificate"]
    assert "certificateofcompletion" not in texts["certificate"].lower().replace(" ", "")
    for name, text in texts.items():
        for phrase in ENGLISH:
            assert phrase not in text, (name, phrase)


def test_an_english_participant_still_gets_english_pdfs(tmp_path):
    texts = documents("en", tmp_path)
    assert "Invoice F-" in texts["invoice"] and "Amount due €450.00" in texts["invoice"]
    assert "Payment receipt" in texts["receipt"] and "Amount received €450.00" in texts["receipt"]
    assert "3 July 2026" in texts["receipt"]
    assert "certificateofcompletion" in texts["certificate"].lower().replace(" ", "")
    assert "has successfully completed the summer school" in texts["certificate"]
    assert all("Reçu" not in text and "Facture" not in text for text in texts.values())
