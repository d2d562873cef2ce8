"""CSV/XLSX import of institutions and agreements: all rows or none, every bad row explained."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from partners.models import Agreement, Institution
from tests.factories import AgreementFactory, InstitutionFactory, StaffFactory

pytestmark = pytest.mark.django_db

HEADER = "name,local_name,country,city,website,erasmus_code\n"
GOOD = [
    "Universidade de Lisboa,,PT,Lisbon,https://www.ulisboa.pt,P LISBOA109",
    "Karolinska Institutet,,Sweden,Stockholm,https://ki.se,",
]


def post_import(client, url_name, upload, fmt="0"):
    client.force_login(StaffFactory())
    return client.post(reverse(url_name), {"resource": "0", "format": fmt, "import_file": upload})


def test_good_csv_shows_a_preview_then_imports(client):
    csv = (HEADER + "\n".join(GOOD) + "\n").encode()
    response = post_import(
        client, "admin:partners_institution_import", SimpleUploadedFile("p.csv", csv, "text/csv")
    )
    assert response.status_code == 200 and "Confirm import" in response.content.decode()
    assert not Institution.objects.exists()  # a preview imports nothing yet
    form = response.context["confirm_form"]
    done = client.post(reverse("admin:partners_institution_process_import"), form.initial)
    assert done.status_code == 302
    lisboa = Institution.objects.get(name="Universidade de Lisboa")
    assert (lisboa.country.code, lisboa.region, lisboa.erasmus_code) == ("PT", "europe", "P LISBOA109")
    assert Institution.objects.get(name="Karolinska Institutet").country.code == "SE"


def test_one_bad_row_among_good_ones_imports_nothing_and_names_the_row(client):
    InstitutionFactory(name="Université Paris Cité", country="FR", erasmus_code="F PARIS482")
    rows = [*GOOD, "Atlantis University,,Atlantis,Atlantis,,", "Paris Bis,,FR,Paris,,F PARIS482"]
    csv = (HEADER + "\n".join(rows) + "\n").encode()
    response = post_import(
        client, "admin:partners_institution_import", SimpleUploadedFile("p.csv", csv, "text/csv")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Unknown country “Atlantis”" in body
    assert "Erasmus code already exists" in body
    assert "Confirm import" not in body
    assert Institution.objects.count() == 1


def test_xlsx_with_agreement_ending_before_it_starts_imports_nothing(client):
    InstitutionFactory(name="Karolinska Institutet", country="SE")
    book = Workbook()
    sheet = book.active
    sheet.append(["institution", "kind", "valid_from_year", "valid_to_year", "outgoing_seats", "incoming_seats",
                  "study_year_min", "study_year_max", "duration", "french_track", "english_track", "is_signed"])  # fmt: skip
    sheet.append(["Karolinska Institutet", "academic_exchange", 2025, 2028, 2, 2, 3, 6, "semester", 1, 0, 1])
    sheet.append(
        ["Karolinska Institutet", "Clinical placement", 2028, 2025, 2, 2, 4, 6, "months_1_3", 1, 1, 1]
    )
    sheet.append(["Nowhere University", "clinical_placement", 2025, 2028, 2, 2, 4, 6, "months_1_3", 1, 1, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile(
        "a.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = post_import(client, "admin:partners_agreement_import", upload, fmt="1")
    body = response.content.decode()
    assert "The agreement cannot end before it starts." in body
    assert "Unknown institution “Nowhere University”" in body
    assert "Confirm import" not in body
    assert not Agreement.objects.exists()


def test_export_csv_round_trips_the_institution_by_erasmus_code(client):
    AgreementFactory(
        institution=InstitutionFactory(name="KU Leuven", country="BE", erasmus_code="B LEUVEN01")
    )
    client.force_login(StaffFactory())
    response = client.post(
        reverse("admin:partners_agreement_export"),
        {
            "format": "0",
            "resource": "0",
            "agreementresource_institution": True,
            "agreementresource_kind": True,
        },
    )
    assert response.status_code == 200
    assert "B LEUVEN01" in response.content.decode()


def test_admin_lists_use_constant_queries(client):
    client.force_login(StaffFactory())
    AgreementFactory.create_batch(3)
    url = reverse("admin:partners_institution_changelist")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    AgreementFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)
    agreements = reverse("admin:partners_agreement_changelist")
    with CaptureQueriesContext(connection) as many_agreements:
        assert client.get(agreements).status_code == 200
    AgreementFactory.create_batch(10)
    with CaptureQueriesContext(connection) as more_agreements:
        assert client.get(agreements).status_code == 200
    assert len(many_agreements) == len(more_agreements)


@pytest.mark.parametrize(
    "params", [{"status": "expired"}, {"kind": "clinical_placement"}, {"region": "europe"}, {"q": "Leuven"}]
)
def test_admin_filters_answer(client, params):
    AgreementFactory()
    client.force_login(StaffFactory())
    assert client.get(reverse("admin:partners_institution_changelist"), params).status_code == 200
    agreement_params = {"status": params["status"]} if "status" in params else {}
    assert client.get(reverse("admin:partners_agreement_changelist"), agreement_params).status_code == 200


def test_a_confirmed_import_goes_through_the_service_and_refreshes_the_directory(client, monkeypatch):
    from partners import services

    calls = []
    real = services.import_rows
    monkeypatch.setattr(services, "import_rows", lambda *a, **k: calls.append(k["by"]) or real(*a, **k))
    csv = (HEADER + "\n".join(GOOD) + "\n").encode()
    response = post_import(
        client, "admin:partners_institution_import", SimpleUploadedFile("p.csv", csv, "text/csv")
    )
    assert not calls  # the preview is a dry run, not the service
    version = services.cache.get(services.DIRECTORY_VERSION_KEY)
    done = client.post(
        reverse("admin:partners_institution_process_import"), response.context["confirm_form"].initial
    )
    assert done.status_code == 302 and len(calls) == 1 and calls[0].is_iro_staff
    assert Institution.objects.count() == 2
    assert services.cache.get(services.DIRECTORY_VERSION_KEY) != version
