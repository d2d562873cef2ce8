"""Staff import bank statements in the admin: a file with an unreadable line imports nothing and
names it; a camt.053 file's matched line becomes a payment, the unmatched one is listed and
assigned by hand (issue 17)."""

from decimal import Decimal

import pytest

from summerschool import services
from summerschool.models import BankLine, BankLineStatus, State
from tests.conftest import login_as
from tests.factories import StaffFactory, StudentFactory

from .factories import SummerSchoolFactory, cv_file, registration_data
from .test_bank_statements import csv_statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>NOV</Id>
<Ntry><Amt Ccy="EUR">2500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-11-25</Dt></BookgDt>
<AcctSvcrRef>BANK-0001</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Jonas Becker</Nm></Dbtr></RltdPties>
<RmtInf><Strd><CdtrRefInf><Ref>{ref}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">2500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-11-26</Dt></BookgDt>
<AcctSvcrRef>BANK-0002</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Lena Vogel</Nm></Dbtr></RltdPties>
<RmtInf><Ustrd>Summer school fee Lena Vogel</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>"""


def test_staff_import_statements_see_matched_and_unmatched_lines_and_assign_one(page, screenshot):
    school = SummerSchoolFactory(title="AI in Medicine", fee=Decimal("2500"))
    jonas, lena = (
        services.register(school, StudentFactory(first_name=first, last_name=last), data=registration_data(),
                          cv=cv_file())
        for first, last in (("Jonas", "Becker"), ("Lena", "Vogel"))
    )  # fmt: skip
    login_as(page, StaffFactory())
    page.goto(page.live_server_url + "/admin/summerschool/bankline/")
    page.get_by_test_id("upload-statement").click()

    # A CSV file whose third line has an impossible date: nothing imported, the line and value named.
    page.set_input_files(
        "#id_statement",
        files=[
            {
                "name": "november.csv",
                "mimeType": "text/csv",
                "buffer": csv_statement(
                    ("2026-11-20", "2500,00", jonas.transfer_reference, "Jonas Becker", "TX1"),
                    ("31/02/2026", "2500,00", "Lena Vogel", "Lena Vogel", "TX2"),
                ),
            }
        ],
    )
    page.get_by_role("button", name="Import").click()
    error = page.locator(".errorlist").inner_text()
    assert "Line 3 cannot be read: “31/02/2026” is not a date" in error and "Nothing was imported" in error
    screenshot(page, "summerschool-admin-statement-unreadable")
    assert not BankLine.objects.exists()

    # The bank's camt.053 export: Jonas's transfer quotes his reference, Lena's does not.
    page.set_input_files(
        "#id_statement",
        files=[
            {
                "name": "camt053-november.xml",
                "mimeType": "application/xml",
                "buffer": CAMT.format(ref=jonas.transfer_reference).encode(),
            }
        ],
    )
    page.get_by_role("button", name="Import").click()
    assert (
        "1 paid, 0 paid with a different amount, 1 to assign by hand"
        in page.locator(".messagelist").inner_text()
    )
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1 and "Summer school fee Lena Vogel" in rows.first.inner_text()
    screenshot(page, "summerschool-admin-statement-unmatched")
    jonas.refresh_from_db()
    assert jonas.state == State.CONFIRMED and jonas.payments.get().amount == Decimal("2500")

    # Every line, the matched one with its registration.
    page.goto(page.live_server_url + "/admin/summerschool/bankline/")
    matched = page.locator("#result_list tbody tr", has_text="Jonas Becker")
    assert "Matched: fee paid" in matched.inner_text() and "AI in Medicine" in matched.inner_text()
    screenshot(page, "summerschool-admin-statement-lines")

    # Lena's line assigned by hand to her registration.
    page.locator("#result_list tbody tr", has_text="Lena Vogel").locator("th a, td a").first.click()
    page.fill("#id_registration", str(lena.pk))
    screenshot(page, "summerschool-admin-statement-assign")
    page.click("input[name=_save]")
    assert "success" in page.locator(".messagelist li").first.get_attribute("class")
    line = BankLine.objects.get(key="BANK-0002#1")
    lena.refresh_from_db()
    assert line.status == BankLineStatus.ASSIGNED and line.payment.registration == lena
    assert lena.state == State.CONFIRMED

    # The same file again records nothing new.
    page.goto(page.live_server_url + "/admin/summerschool/bankline/upload/")
    page.set_input_files(
        "#id_statement",
        files=[{"name": "again.xml", "mimeType": "application/xml",
                "buffer": CAMT.format(ref=jonas.transfer_reference).encode()}],
    )  # fmt: skip
    page.get_by_role("button", name="Import").click()
    assert "2 already imported" in page.locator(".messagelist").inner_text()
    assert BankLine.objects.count() == 2 and jonas.payments.count() == 1 and lena.payments.count() == 1
