"""The directory's partners per country are kept by the writes (issue 19): a visitor's request reads
them instead of counting every institution and agreement, and what the page says stays true."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import academic
from partners import selectors, services
from partners.models import Agreement, AgreementKind, DirectoryCount, Institution
from tests.factories import AgreementFactory, InstitutionFactory, StaffFactory

NOW = academic.current_academic_year()


def kept(kind=""):
    """{country: partners} as kept for this year and filter ("" every kind)."""
    rows = DirectoryCount.objects.filter(year=NOW, kind=kind).exclude(country="")
    return dict(rows.values_list("country", "partners"))


def region_counts(client, **params):
    response = client.get(reverse("partners:directory"), params)
    return {r.name: r.count for r in response.context["region_counts"]}


@pytest.mark.django_db
def test_saves_and_deletes_recount_the_countries_they_touch(client):
    karolinska = InstitutionFactory(name="Karolinska Institutet", country="SE")
    AgreementFactory(institution=karolinska)
    uppsala = AgreementFactory(
        institution=InstitutionFactory(name="Uppsala University", country="SE"),
        kind=AgreementKind.CLINICAL_PLACEMENT,
    )
    AgreementFactory(  # expired: not listed, not counted
        institution=InstitutionFactory(country="SE"), valid_from_year=NOW - 5, valid_to_year=NOW - 1
    )
    assert kept() == {"SE": 2}
    assert kept("clinical") == {"SE": 1} and kept("exchange-europe") == {"SE": 1}
    assert region_counts(client) == {"Europe": 2}

    karolinska.country = "US"  # moved (a typing error corrected): both countries recounted
    karolinska.save()
    assert kept() == {"SE": 1, "US": 1}
    assert region_counts(client) == {"Europe": 1, "North America": 1}
    assert kept("exchange-world") == {"US": 1} and kept("exchange-europe") == {}
    assert region_counts(client, kind="clinical") == {"Europe": 1}

    uppsala.delete()
    assert kept() == {"US": 1}
    karolinska.delete()
    assert kept() == {}
    assert "No agreement is in force yet." in client.get(reverse("partners:directory")).content.decode()


@pytest.mark.django_db
def test_renaming_a_partner_changes_the_page_not_the_counts(client):
    institution = AgreementFactory(
        institution=InstitutionFactory(name="Aarhus University", country="DK")
    ).institution
    client.get(reverse("partners:directory"))
    institution.name = "Aarhus Universitet"
    with CaptureQueriesContext(connection) as saved:
        institution.save()
    assert not any("directorycount" in q["sql"] for q in saved.captured_queries)
    assert "Aarhus Universitet" in client.get(reverse("partners:directory")).content.decode()


@pytest.mark.django_db
def test_a_page_just_after_a_change_counts_nothing(client):
    for country in ("SE", "DK", "US"):
        AgreementFactory(institution=InstitutionFactory(country=country))
    with CaptureQueriesContext(connection) as request:
        response = client.get(reverse("partners:directory"))
    assert response.context["partner_count"] == 3
    # The kept counts, the page's institutions, their kinds of agreement: no GROUP BY over partners.
    assert not any("GROUP BY" in q["sql"] for q in request.captured_queries)


@pytest.mark.django_db
def test_the_first_visit_of_a_year_counts_it(client):
    AgreementFactory(institution=InstitutionFactory(country="JP"))
    DirectoryCount.objects.all().delete()  # a new academic year: nothing counted for it yet
    assert region_counts(client) == {"Asia": 1}
    assert kept() == {"JP": 1}


@pytest.mark.django_db
def test_an_import_recounts_once_at_the_end(client):
    InstitutionFactory(name="Karolinska Institutet", country="SE")
    InstitutionFactory(name="Aarhus University", country="DK")
    header = (
        "institution,kind,valid_from_year,valid_to_year,outgoing_seats,incoming_seats,"
        "study_year_min,study_year_max,duration,french_track,english_track,is_signed\n"
    )
    rows = [
        f"{name},academic_exchange,{NOW},{NOW + 1},2,2,3,6,semester,1,0,1"
        for name in ("Karolinska Institutet", "Aarhus University")
    ]
    client.force_login(StaffFactory())
    csv = SimpleUploadedFile("a.csv", (header + "\n".join(rows) + "\n").encode(), "text/csv")
    preview = client.post(
        reverse("admin:partners_agreement_import"), {"resource": "0", "format": "0", "import_file": csv}
    )
    assert "Confirm import" in preview.content.decode(), preview.content.decode()[-3000:]
    with CaptureQueriesContext(connection) as confirmed:
        client.post(
            reverse("admin:partners_agreement_process_import"), preview.context["confirm_form"].initial
        )
    assert Agreement.objects.count() == 2
    recounts = [
        q for q in confirmed.captured_queries if "GROUP BY" in q["sql"] and "partners_agreement" in q["sql"]
    ]
    assert len(recounts) == 1
    assert kept() == {"SE": 1, "DK": 1}


@pytest.mark.django_db(transaction=True)
def test_two_staff_adding_partners_in_one_country_at_once_count_both():
    """The second recount waits for the first write's commit (PostgreSQL row lock): it counts both."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    services.recount_directory()
    first, second = (Institution.objects.create(name=f"University {i}", country="DE") for i in (1, 2))
    started = threading.Event()
    errors = []

    def add(institution, hold):
        try:
            with transaction.atomic():
                AgreementFactory(institution=institution)
                started.set()
                time.sleep(hold)  # the first writer keeps its transaction open a moment
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    one = threading.Thread(target=add, args=(first, 0.5))
    one.start()
    started.wait(5)
    two = threading.Thread(target=add, args=(second, 0))
    two.start()
    one.join()
    two.join()
    assert not errors
    assert kept() == {"DE": 2}
    assert selectors.directory().partner_count == 2
