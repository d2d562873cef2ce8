"""Content written while French is active (issue 14): modeltranslation writes `obj.title = …` into
the active language's column, so an import, a service or an admin action run in a French request
used to put English text in `title_fr` and leave the English stale. The plain name now writes the
English whatever the language (core.content.WritesEnglish); the French is only written by name."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from modeltranslation.translator import translator

from core.content import translated_fields
from partners.models import Agreement
from projects import services as project_services
from projects.models import Project, SessionKind, TrainingSession
from tests.factories import AgreementFactory, StaffFactory

pytestmark = pytest.mark.django_db

FIELDS = sorted(
    (model._meta.label, model, field)
    for model in translator.get_registered_models(abstract=False)
    for field in translated_fields(model)
)


@pytest.mark.parametrize(("label", "model", "field"), FIELDS, ids=[f"{m}.{f}" for m, _x, f in FIELDS])
def test_a_plain_name_written_in_french_goes_to_the_english_column(label, model, field):
    instance = model(**{f"{field}_en": "Old English", f"{field}_fr": "Le français"})
    with translation.override("fr"):
        setattr(instance, field, "New English")
        assert getattr(instance, field) == "Le français"  # reading still follows the page's language
    assert getattr(instance, f"{field}_en") == "New English", label
    assert getattr(instance, f"{field}_fr") == "Le français", label


def test_an_agreement_import_in_a_french_admin_keeps_the_french_title(client):
    agreement = AgreementFactory(title_en="Old title", title_fr="Titre en français")
    staff = StaffFactory(language="fr")
    client.force_login(staff)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "fr"})
    csv = (
        "id,institution,kind,title,valid_from_year,valid_to_year,outgoing_seats,incoming_seats,"
        "study_year_min,study_year_max,duration,french_track,english_track,is_signed\n"
        f"{agreement.pk},{agreement.institution.name},{agreement.kind},New title,{agreement.valid_from_year},"
        f"{agreement.valid_to_year},{agreement.outgoing_seats},{agreement.incoming_seats},"
        f"{agreement.study_year_min},{agreement.study_year_max},{agreement.duration},1,1,1\n"
    ).encode()
    response = client.post(
        reverse("admin:partners_agreement_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("a.csv", csv, "text/csv")},
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    confirm = client.post(
        reverse("admin:partners_agreement_process_import"), response.context["confirm_form"].initial
    )
    assert confirm.status_code == 302
    row = (
        Agreement.objects.rewrite(False).filter(pk=agreement.pk).values("title", "title_en", "title_fr").get()
    )
    assert row == {"title": "New title", "title_en": "New title", "title_fr": "Titre en français"}

    # The export's title column is the English too, so a French export imports back unchanged.
    exported = client.post(
        reverse("admin:partners_agreement_export"),
        {"format": "0", "resource": "0", "agreementresource_title": True, "agreementresource_kind": True},
    ).content.decode()
    assert "New title" in exported and "Titre en français" not in exported


@pytest.fixture
def session():
    project = Project.objects.create(
        acronym="PHEMED",
        slug="phemed",
        title_en="Planetary Health in European Medical Education",
        title_fr="La santé planétaire dans l’enseignement médical européen",
        summary_en="A European course on planetary health.",
        start_year=2025,
    )
    today = timezone.localdate()
    return TrainingSession.objects.create(
        project=project,
        kind=SessionKind.TRAIN_THE_TRAINERS,
        title_en="Train the Trainers seminar",
        title_fr="Séminaire de formation des formateurs",
        audience_en="medical teachers",
        starts_on=today + datetime.timedelta(days=40),
        ends_on=today + datetime.timedelta(days=44),
        location_en="Paris, Faculty of Medicine",
        location_fr="Paris, faculté de médecine",
    )


def test_registrations_opened_by_staff_working_in_french_keep_both_languages(session):
    now = timezone.now()
    with translation.override("fr"):
        offering = project_services.open_registrations(
            session,
            by=StaffFactory(language="fr"),
            capacity=10,
            registration_opens=now,
            registration_closes=now + datetime.timedelta(days=20),
        )
    offering.refresh_from_db()
    assert offering.title_en == "PHEMED — Train the Trainers seminar"
    assert offering.title_fr == "PHEMED — Séminaire de formation des formateurs"
    assert (offering.locations_en, offering.locations_fr) == (
        "Paris, Faculty of Medicine",
        "Paris, faculté de médecine",
    )
    assert offering.theme_en == "“Train the Trainers” seminar" and offering.theme_fr != offering.theme_en
    # Nothing was written in French: the French stays empty, so French pages mark the English.
    assert (offering.audience_en, offering.audience_fr) == ("medical teachers", None)
    assert (offering.description_en, offering.description_fr) == (
        "A European course on planetary health.",
        None,
    )
    assert offering.slug == "phemed-train-the-trainers-seminar"


def test_saving_a_session_by_its_title_in_french_finds_the_english_one(session):
    with translation.override("fr"):
        again = project_services.save_session(
            session.project, "Train the Trainers seminar", audience="teachers"
        )
    assert again.pk == session.pk
    session.refresh_from_db()
    assert (session.audience_en, session.audience_fr) == ("teachers", None)
    assert session.title_fr == "Séminaire de formation des formateurs"


def test_saves_and_updates_by_a_plain_name_in_french_write_the_english(session):
    with translation.override("fr"):
        session.location = "Lyon, Faculty of Medicine"
        session.save(update_fields=["location"])
        TrainingSession.objects.filter(pk=session.pk).update(audience="residents")
    row = TrainingSession.objects.rewrite(False).filter(pk=session.pk)
    assert row.values("location", "location_en", "location_fr", "audience_en").get() == {
        "location": "Lyon, Faculty of Medicine",
        "location_en": "Lyon, Faculty of Medicine",
        "location_fr": "Paris, faculté de médecine",
        "audience_en": "residents",
    }
