"""French puts a space before a colon ("Reconnu : 15/20"), English does not ("Recognised: 15/20").
Where a page wrote a translated label and then a colon of its own, the French read "Reconnu: 15/20"
(found by the page review): the colon now belongs to the translated message."""

import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from core.templatetags.lang import money
from learning.models import GrantPayment, Instalment
from learning.services import agreements, grants, period

from .factories import grant_rates, outgoing_mobility, pdf_upload, signed

pytestmark = pytest.mark.django_db


def _text(response):
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())  # keeps no-break spaces


def test_recognition_payments_and_footer_in_both_languages(client, staff):
    grant_rates(2026)
    record, coordinator = outgoing_mobility(staff)
    version = signed(record, staff, coordinator)
    period.confirm_arrival(record, by=coordinator, date=record.start_date)
    period.upload_transcript(record, by=record.application.student, file=pdf_upload())
    first, second = version.table_b
    period.record_recognition(
        record, by=staff, decisions={first.pk: (True, "15/20", ""), second.pk: (False, "", "Not taken")}
    )
    grants.record_payment(record, by=staff, instalment=Instalment.FIRST)
    amount = GrantPayment.objects.get().amount
    client.force_login(record.application.student)
    url = reverse("learning:agreement", args=[record.pk])

    english = _text(client.get(url))
    assert "Recognised: 15/20" in english and "Not recognised: Not taken" in english
    assert f"First instalment: {money(amount, 2)}" in english
    assert "Student exchanges: <a" in english

    french = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Reconnu : 15/20" in french and "Non reconnu : Not taken" in french
    with translation.override("fr"):
        assert f"Premier versement : {money(amount, 2)}" in french
    assert "Échanges d’étudiants : <a" in french


def test_the_french_pdf_writes_the_students_level_with_a_space_before_the_colon(staff):
    record, coordinator = outgoing_mobility(staff)
    version = signed(record, staff, coordinator)
    with translation.override("fr"):
        pdf = agreements.version_pdf(version)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "(niveau de l’étudiant : B2)" in " ".join(text.split())


def test_a_refused_form_in_french_names_each_field_with_a_space_before_the_colon(client):
    response = client.get(reverse("summerschool:verify_form"), {"code": "   "}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Code de vérification : Ce champ est obligatoire." in _text(response)


def test_a_rejected_document_and_a_summer_school_registration_in_french(client):
    from mobility import services as mobility_services
    from tests.mobility.factories import ApplicationFactory, DocumentRequirementFactory, pdf_file
    from tests.summerschool.factories import RegistrationFactory

    requirement = DocumentRequirementFactory(name="Transcript")
    application = ApplicationFactory(call=requirement.call, complete=True)
    document = mobility_services.upload_document(application, requirement, pdf_file(), by=application.student)
    document.status, document.reason = "rejected", "Unreadable scan."
    document.save(update_fields=["status", "reason"])
    client.force_login(application.student)
    page = _text(
        client.get(reverse("mobility:application", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    )
    assert "Refusée : Unreadable scan." in page

    registration = RegistrationFactory()
    client.force_login(registration.participant)
    url = reverse("summerschool:detail", args=[registration.offering.slug])
    assert "Votre inscription :" in _text(client.get(url, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Your registration:" in _text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))


def test_staff_read_payments_and_rates_in_the_admin_the_french_way(staff):
    grant_rates(2026)
    record, coordinator = outgoing_mobility(staff)
    signed(record, staff, coordinator)
    payment = grants.record_payment(record, by=staff, instalment=Instalment.FIRST)
    assert str(payment) == f"First instalment: {money(payment.amount, 2)}"
    with translation.override("fr"):
        assert str(payment) == f"Premier versement : {money(payment.amount, 2)}"
