"""Every admin export goes through the formats that neutralise formulas (core/exports.py)."""

import csv
import io

import openpyxl
import pytest
import tablib
from django.contrib import admin
from django.urls import reverse
from import_export.mixins import BaseExportMixin

from core.exports import SafeCSV, SafeXLSX, neutralise
from tests.factories import InstitutionFactory, StaffFactory


def test_every_admin_export_uses_the_safe_formats():
    exporting = [ma for ma in admin.site._registry.values() if isinstance(ma, BaseExportMixin)]
    assert exporting, "no admin exports anything?"
    for model_admin in exporting:
        formats = model_admin.get_export_formats()
        assert formats and all(f in (SafeCSV, SafeXLSX) for f in formats), (model_admin, formats)


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_each_trigger_is_neutralised(trigger):
    value = trigger + "1+1"
    assert neutralise(value) == "'" + value
    data = tablib.Dataset(headers=["name"])
    data.append([value])
    rows = list(csv.reader(io.StringIO(SafeCSV().export_data(data))))
    assert rows[1][0] == "'" + value
    data = tablib.Dataset(headers=["name"])
    data.append([value])
    cell = openpyxl.load_workbook(io.BytesIO(SafeXLSX().export_data(data))).active["A2"]
    assert cell.value == value and cell.data_type == "s"


def test_harmless_values_are_unchanged():
    assert neutralise("Marie Curie") == "Marie Curie"
    assert neutralise(-3) == -3 and neutralise(None) is None


@pytest.mark.django_db
def test_institution_export_neutralises_formulas(client):
    InstitutionFactory(name='=HYPERLINK("http://evil.example/","x")')
    client.force_login(StaffFactory())
    url = reverse("admin:partners_institution_export")
    form = client.get(url).context["form"]
    ticks = {n: True for n in form.fields if n not in ("format", "resource", "export_items")}
    for fmt in ("0", "1"):
        response = client.post(url, {"format": fmt, "resource": "0", **ticks})
        assert response.status_code == 200
        if fmt == "0":
            assert "'=HYPERLINK" in response.content.decode("utf-8-sig")
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
