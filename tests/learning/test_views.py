"""The pages and their refusals, through the test client (who may is tests/test_access_matrix.py)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.models import AgreementVersion
from learning.services import reporting

from .factories import drafted, grant_rates, incoming_mobility, outgoing_mobility, signed

pytestmark = pytest.mark.django_db


def test_the_student_drafts_with_clear_errors_and_keeps_what_was_typed(client, staff):
    record, _coordinator = outgoing_mobility(staff)
    client.force_login(record.application.student)
    url = reverse("learning:edit", args=[record.pk])
    form = {
        "planned_start": "2026-09-01",
        "planned_end": "2026-08-01",
        "language": "English",
        "language_level": "B2",
        "tableA-TOTAL_FORMS": "1",
        "tableA-INITIAL_FORMS": "0",
        "tableA-0-title": "Surgery",
        "tableA-0-semester": "Autumn",
        "tableA-0-ects": "abc",
        "tableB-TOTAL_FORMS": "0",
        "tableB-INITIAL_FORMS": "0",
    }
    page = client.post(url, form)
    text = page.content.decode()
    assert page.status_code == 200
    assert "The planned end cannot come before the planned start." in text and "Surgery" in text
    assert "Enter a number." in text
    # One summary at the top, each error naming its field and linking to it; no second banner.
    assert text.count('data-testid="error-summary"') == 1 and "see below" not in text
    assert 'href="#id_planned_end">Planned end: The planned end cannot come before' in text
    assert 'href="#id_tableA-0-ects">Table A, row 1 — ECTS credits: Enter a number.' in text
    french = client.post(url, form, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Tableau A, ligne 1 — Crédits ECTS : Saisissez un nombre." in french
    form.update({"planned_end": "2027-01-31", "tableA-0-ects": "30", "sign": "1"})
    response = client.post(url, form, follow=True)
    assert "Table B lists no component" in response.content.decode()
    version = AgreementVersion.objects.get()
    assert version.is_draft and version.components.get().title == "Surgery"  # saved, not sent


def test_a_signed_version_downloads_as_pdf_and_a_draft_does_not(client, staff):
    record, coordinator = outgoing_mobility(staff)
    version = signed(record, staff, coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("learning:version_pdf", args=[record.pk, version.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"%PDF" in response.content[:10]
    other, _c = incoming_mobility()
    draft = drafted(other)
    client.force_login(staff)
    assert client.get(reverse("learning:version_pdf", args=[other.pk, draft.pk])).status_code == 404


def test_the_missing_page_and_the_export(client, staff):
    grant_rates(2026)
    record, _coordinator = outgoing_mobility(staff)
    drafted(record)  # never signed, and the mobility starts on 1 September 2026
    now = timezone.make_aware(datetime.datetime(2026, 8, 15, 12))
    assert list(reporting.unsigned_agreements(now)) == [record]
    assert list(reporting.arrivals_unconfirmed(now)) == []
    later = timezone.make_aware(datetime.datetime(2027, 4, 1, 12))
    assert list(reporting.transcripts_missing(later)) == [record]
    client.force_login(staff)
    assert record.student_name in client.get(reverse("learning:missing")).content.decode()
    response = client.get(reverse("learning:export") + "?year=2026")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(r for r in rows if r["Participant Email"] == record.application.student.email)
    assert (row["Start Date"], row["End Date"]) == ("2026-09-01", "2027-02-10")
    assert (row["Duration (months)"], row["Duration (extra days)"]) == ("5", "10")
    assert row["Total Grant (EUR)"] == "2880.00" and row["Learning Agreement Signed"] == "no"


def test_a_sign_refusal_is_a_message_not_an_error(client, staff):
    record, coordinator = outgoing_mobility(staff)
    version = drafted(record)
    client.force_login(coordinator)
    url = reverse("learning:sign", args=[record.pk, version.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already signed for your institution" in response.content.decode()
    assert version.signatures.count() == 2


def test_partner_page_shows_the_erasmus_code_and_schac_id(client):
    from tests.factories import AgreementFactory, InstitutionFactory

    ki = InstitutionFactory(
        name="Karolinska Institutet", country="SE", erasmus_code="S  STOCKHO03", schac_id="KI.se"
    )
    AgreementFactory(institution=ki)
    assert (ki.erasmus_code, ki.erasmus_code_official, ki.schac_id) == (
        "S STOCKHO03",
        "S  STOCKHO03",
        "ki.se",
    )
    text = client.get(reverse("partners:detail", args=[ki.pk])).content.decode()
    assert "S STOCKHO03" in text and "ki.se" in text


def test_the_learning_agreement_page_in_french(client, staff):
    record, _coordinator = outgoing_mobility(staff)
    drafted(record)
    student = record.application.student
    student.language = "fr"
    student.save(update_fields=["language"])
    client.force_login(student)
    text = client.get(
        reverse("learning:agreement", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Contrat d’études" in text and "En attente de signatures" in text
    assert "Tableau A — programme d’études dans l’établissement d’accueil" in text


def test_a_transcript_download_by_staff_is_in_the_audit_trail(client, staff):
    from core.models import FileAccess, FileKind
    from learning.services import period

    from .factories import pdf_upload

    record, coordinator = outgoing_mobility(staff)
    signed(record, staff, coordinator)
    period.confirm_arrival(record, by=coordinator, date=datetime.date(2026, 9, 1))
    period.upload_transcript(record, by=coordinator, file=pdf_upload("tor.pdf"))
    client.force_login(staff)
    response = client.get(reverse("learning:transcript_file", args=[record.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    access = FileAccess.objects.get()
    assert (access.kind, access.user) == (FileKind.TRANSCRIPT_OF_RECORDS, staff)


def test_a_student_who_signed_in_french_reads_as_student_to_an_english_reader(client, staff):
    import subprocess

    from django.utils import translation

    from learning.services import agreements

    record, coordinator = outgoing_mobility(staff)
    with translation.override("fr"):  # the student works in French
        version = drafted(record)
    agreements.sign(version, by=staff)
    agreements.sign(version, by=coordinator)
    student = record.application.student.display_name
    client.force_login(coordinator)

    def pdf_text(language):
        url = reverse("learning:version_pdf", args=[record.pk, version.pk])
        pdf = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        return " ".join(text.decode().split())

    english, french = pdf_text("en"), pdf_text("fr")
    assert f"Student {student} Student" in english and "Étudiant" not in english  # party, name, position
    assert f"Étudiant {student} Étudiant" in french
    page = client.get(reverse("learning:agreement", args=[record.pk])).content.decode()
    assert f"<strong>Student</strong>: {student}," in page  # no "(Étudiant)" after the name
    page = client.get(reverse("learning:agreement", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert f"<strong>Étudiant</strong> : {student}," in page.content.decode()


def test_a_version_awaiting_signatures_says_who_has_not_signed_yet(client, staff):
    from django.utils.html import strip_tags

    from learning.services import agreements

    record, coordinator = outgoing_mobility(staff)
    version = drafted(record)
    agreements.sign(version, by=staff)
    client.force_login(record.application.student)
    url = reverse("learning:agreement", args=[record.pk])
    english = " ".join(strip_tags(client.get(url).content.decode()).split())
    assert "Receiving institution: not signed yet" in english
    assert "Sending institution: not signed yet" not in english and "Student: not signed yet" not in english
    french = " ".join(strip_tags(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()).split())
    assert "Établissement d’accueil : pas encore signé" in french
    agreements.sign(version, by=coordinator)
    assert "not signed yet" not in client.get(url).content.decode()  # signed by all three
