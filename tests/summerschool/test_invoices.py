"""Invoices and credit notes: numbered without gaps per year, legal mentions, private PDFs."""

import datetime
import subprocess
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from summerschool import services
from summerschool.models import Invoice, InvoiceKind, State, creditor_reference, registration_id_of_reference
from tests.factories import NetworkFactory, StaffFactory, StudentFactory

from .factories import SummerSchoolFactory, cv_file, registration_data


def register(school, person=None, **data):
    return services.register(school, person or StudentFactory(), data=registration_data(**data), cv=cv_file())


@pytest.mark.django_db
def test_a_seat_with_a_fee_gets_an_invoice_and_a_cancellation_a_credit_note(settings):
    school = SummerSchoolFactory(fee=Decimal("2500"))
    reg = register(school)
    [invoice] = reg.invoices.all()
    year = timezone.localdate().year
    assert (invoice.number, invoice.amount, invoice.due_on) == (
        f"F-{year}-000001",
        Decimal("2500"),
        reg.payment_due,
    )
    assert invoice.payment_reference == reg.transfer_reference and reg.transfer_reference.startswith("RF")
    services.record_payment(
        reg, amount=Decimal("2500"), paid_on=timezone.localdate(), bank_reference="B1", by=None
    )
    services.cancel(reg, by=reg.participant)
    credit = reg.invoices.get(kind=InvoiceKind.CREDIT_NOTE)
    assert (credit.number, credit.amount, credit.cancels) == (f"AV-{year}-000001", Decimal("-2500"), invoice)
    # A free seat gets no invoice; a second registration takes the next number.
    assert not register(SummerSchoolFactory(fee=0)).invoices.exists()
    assert register(school).invoices.get().number == f"F-{year}-000002"


@pytest.mark.django_db
def test_the_invoice_pdf_carries_the_legal_mentions_and_is_private(client, settings, tmp_path):
    settings.INVOICE_ISSUER = {
        "name": "Université Paris Cité",
        "address": "85 boulevard Saint-Germain, 75006 Paris",
        "siret": "123 456 789 00012",
        "vat_statement": "VAT not applicable, article 261-4-4° CGI.",
    }
    person = StudentFactory(first_name="Lena", last_name="Vogel")
    reg = register(
        SummerSchoolFactory(title="AI in Medicine", fee=Decimal("2500")), person, institution_name="Charité"
    )
    invoice = reg.invoices.get()
    url = reverse("summerschool:invoice", args=[reg.pk, invoice.pk])
    client.force_login(StudentFactory())
    assert client.get(url).status_code == 404
    client.force_login(person)
    assert reg.transfer_reference in client.get(reg.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "invoice.pdf"
    path.write_bytes(response.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for expected in [
        f"Invoice {invoice.number}",
        "Université Paris Cité",
        "85 boulevard Saint-Germain",
        "SIRET 123 456 789 00012",
        "VAT not applicable",
        "Lena Vogel",
        "Charité",
        "1 Main Street",
        "€2,500.00",
        reg.transfer_reference,
    ]:
        assert expected in text, expected
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_references_carry_check_digits():
    ref = creditor_reference("IRO000123")
    assert registration_id_of_reference(f"Payment {ref.lower()} thanks") == 123
    assert registration_id_of_reference(ref[:-1] + "4") is None  # a typing error matches nothing
    assert registration_id_of_reference(" ".join([ref[:4], ref[4:8], ref[8:]])) == 123


@pytest.mark.django_db(transaction=True)
def test_invoice_numbers_have_no_gap_under_concurrent_registrations_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    schools = [SummerSchoolFactory(fee=Decimal("100"), capacity=50) for _ in range(2)]
    people = [StudentFactory() for _ in range(16)]
    start = threading.Barrier(8)
    errors = []

    def worker(chunk):
        try:
            start.wait()
            for i, person in enumerate(chunk):
                reg = register(schools[i % 2], person)
                if i % 2:
                    services.record_payment(reg, amount=Decimal("100"), paid_on=datetime.date.today(),
                                            bank_reference=f"B{reg.pk}", by=None)  # fmt: skip
                    services.cancel(reg, by=person)  # a credit note, concurrently
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(people[i::8],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for kind, expected in [(InvoiceKind.INVOICE, 16), (InvoiceKind.CREDIT_NOTE, 8)]:
        numbers = sorted(Invoice.objects.filter(kind=kind).values_list("sequence", flat=True))
        assert numbers == list(range(1, expected + 1)), kind
    assert all(r.state in (State.ACCEPTED, State.CANCELLED) for p in people for r in p.registrations.all())


@pytest.mark.django_db
def test_a_released_seat_and_a_proven_waiver_cancel_the_invoice_with_a_credit_note():
    school = SummerSchoolFactory(fee=Decimal("2500"), payment_grace_days=3)
    unpaid, other = register(school), register(school)
    later = timezone.now() + datetime.timedelta(days=60)
    assert services.release_unpaid(now=later) == 2
    notes = Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).order_by("sequence")
    assert [n.cancels.registration for n in notes] == [unpaid, other]
    assert [n.sequence for n in notes] == [1, 2]
    network = NetworkFactory()
    school.waiver_networks.add(network)
    waived = register(school)
    services.prove_waiver(waived, by=StaffFactory(), staff_decision=True)
    assert waived.invoices.get(kind=InvoiceKind.CREDIT_NOTE).amount == Decimal("-2500")
