"""Bank matching: statement lines become payments by their reference, once; the rest waits for staff."""

from decimal import Decimal

import pytest

from summerschool import services
from summerschool.models import BankLine, BankLineStatus, Payment, State
from summerschool.statements import StatementError
from tests.factories import StaffFactory, StudentFactory

from .factories import SummerSchoolFactory, cv_file, registration_data

pytestmark = pytest.mark.django_db


def register(school):
    return services.register(school, StudentFactory(), data=registration_data(), cv=cv_file())


def csv_statement(*rows):
    lines = ["Date;Amount;Reference;Payer;Transaction ID", *(";".join(r) for r in rows)]
    return "\n".join(lines).encode()


def test_a_csv_statement_matches_by_reference_and_amount_and_twice_records_nothing_new():
    school = SummerSchoolFactory(fee=Decimal("2500"))
    paid, partly, _unpaid = register(school), register(school), register(school)
    data = csv_statement(
        ("2026-11-20", "2500,00", f"Summer school {paid.transfer_reference}", "Ada Lovelace", "TX1"),
        ("2026-11-21", "1000.00", partly.transfer_reference.lower(), "B", "TX2"),
        ("2026-11-21", "450.00", "no reference at all", "C", "TX3"),
        ("2026-11-22", "-30.00", "bank fees", "", "TX4"),
    )
    staff = StaffFactory()
    counts = services.import_statement(name="nov.csv", data=data, by=staff)
    assert (counts["matched"], counts["partial"], counts["unmatched"], counts["already"]) == (1, 1, 1, 0)
    paid.refresh_from_db()
    partly.refresh_from_db()
    assert (
        paid.state == State.CONFIRMED and partly.state == State.ACCEPTED and partly.balance == Decimal("1500")
    )
    again = services.import_statement(name="nov.csv", data=data, by=staff)
    assert again["already"] == 3 and Payment.objects.count() == 2 and BankLine.objects.count() == 3

    unmatched = BankLine.objects.get(status=BankLineStatus.UNMATCHED)
    services.assign_bank_line(unmatched, partly, by=staff)
    unmatched.refresh_from_db()
    assert unmatched.status == BankLineStatus.ASSIGNED and partly.payments.count() == 2
    with pytest.raises(services.RegistrationError):
        services.assign_bank_line(unmatched, partly, by=staff)


def test_a_file_with_an_unreadable_line_imports_nothing_and_names_the_line():
    school = SummerSchoolFactory(fee=Decimal("2500"))
    reg = register(school)
    data = csv_statement(
        ("2026-11-20", "2500.00", reg.transfer_reference, "A", "TX1"),
        ("31/02/2026", "12.00", "x", "B", "TX2"),
    )
    with pytest.raises(StatementError, match="Line 3 cannot be read: “31/02/2026” is not a date"):
        services.import_statement(name="bad.csv", data=data, by=StaffFactory())
    assert not BankLine.objects.exists() and not Payment.objects.exists()
    no_amount = csv_statement(("2026-11-20", "", "x", "B", "TX2"))
    with pytest.raises(
        StatementError, match="Line 2 cannot be read: the amount is missing in the column “Amount”"
    ):
        services.import_statement(name="bad.csv", data=no_amount, by=StaffFactory())
    bad_entry = CAMT.format(ref="x").replace("3100.00", "3 100 EUR").encode()
    with pytest.raises(StatementError, match="Entry 1 cannot be read: “3 100 EUR” is not an amount"):
        services.import_statement(name="camt053.xml", data=bad_entry, by=StaffFactory())
    assert not BankLine.objects.exists()


CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>S1</Id>
<Ntry><Amt Ccy="EUR">3100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-11-25</Dt></BookgDt>
<AcctSvcrRef>BANK-0001</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Jonas Becker</Nm></Dbtr></RltdPties>
<RmtInf><Strd><CdtrRefInf><Ref>{ref}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">15.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-11-25</Dt></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>"""


def test_a_camt053_statement_is_matched_by_its_structured_reference():
    reg = register(SummerSchoolFactory(fee=Decimal("3100")))
    data = CAMT.format(ref=reg.transfer_reference).encode()
    counts = services.import_statement(name="camt053.xml", data=data, by=StaffFactory())
    assert counts["matched"] == 1
    reg.refresh_from_db()
    assert reg.state == State.CONFIRMED
    line = BankLine.objects.get()
    assert (line.payer, line.key) == ("Jonas Becker", "BANK-0001#1")
    assert services.import_statement(name="camt053.xml", data=data, by=StaffFactory())["already"] == 1


def test_staff_upload_a_statement_and_assign_a_line_in_the_admin(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    reg = register(SummerSchoolFactory(fee=Decimal("2500")))
    client.force_login(StaffFactory())
    url = reverse("admin:summerschool_bankline_upload")
    bad = SimpleUploadedFile("bad.csv", csv_statement(("yesterday", "1", "x", "y", "T9")))
    assert "Line 2 cannot be read" in client.post(url, {"statement": bad}).content.decode()
    good = SimpleUploadedFile(
        "nov.csv", csv_statement(("2026-11-20", "2500", "transfer for my school", "A", "T1"))
    )
    response = client.post(url, {"statement": good})
    assert response.status_code == 302
    line = BankLine.objects.get(status=BankLineStatus.UNMATCHED)
    change = reverse("admin:summerschool_bankline_change", args=[line.pk])
    client.post(change, {"registration": reg.pk})
    reg.refresh_from_db()
    assert reg.state == State.CONFIRMED


def test_the_csv_columns_are_those_the_settings_name(settings):
    """Each bank exports its own headings: BANK_CSV_COLUMNS names them (here a French bank's)."""
    settings.BANK_CSV_COLUMNS = {
        "date": "Date opération",
        "amount": "Montant",
        "reference": "Libellé",
        "payer": "Émetteur",
        "id": "",
    }
    reg = register(SummerSchoolFactory(fee=Decimal("2500")))
    french = f"Date opération;Montant;Libellé;Émetteur\n20/11/2026;2 500,00;VIR {reg.transfer_reference};A. Lovelace\n"
    counts = services.import_statement(name="releve.csv", data=french.encode("latin-1"), by=StaffFactory())
    assert counts["matched"] == 1
    line = BankLine.objects.get()
    assert (line.payer, line.amount, str(line.booked_on)) == ("A. Lovelace", Decimal("2500"), "2026-11-20")
    with pytest.raises(
        StatementError, match="Columns missing from the file: Date opération, Montant, Libellé"
    ):
        services.import_statement(name="other.csv", data=csv_statement(("2026-11-20", "1", "x", "y", "T")),
                                  by=StaffFactory())  # fmt: skip
