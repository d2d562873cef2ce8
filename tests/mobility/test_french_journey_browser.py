"""A French-speaking student finds a call, applies and submits in French: no English content string
on the way when the French exists (issue 14, item 1), and the period is asked (item 2)."""

import pytest
from django.conf import settings

from mobility.models import Application, Period, Status
from tests.conftest import login_as
from tests.factories import AgreementFactory, InstitutionFactory, StudentFactory

from .factories import PDF_BYTES, CallFactory, CriterionFactory, DocumentRequirementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = {
    "title": "Erasmus+ academic exchanges in Europe",
    "description": "One semester or a full academic year at one of our European partner universities.",
    "transcript": "Transcript of records",
    "transcript_help": "Your marks for every year so far.",
    "cv": "Curriculum vitae",
    "cv_help": "Two pages at most.",
    "standing": "Enrolled at UPCité Medical School and in good standing",
    "years": "Study year within the programme's range",
}
FRENCH = {
    "title": "Échanges universitaires Erasmus+ en Europe",
    "description": "Un semestre ou une année universitaire complète dans l’une de nos universités partenaires européennes.",
    "transcript": "Relevé de notes",
    "transcript_help": "Vos notes de chaque année jusqu’à présent.",
    "cv": "CV",
    "cv_help": "Deux pages au plus.",
    "standing": "Inscrit à la Faculté de médecine d’UPCité et en situation régulière",
    "years": "Année d’études comprise dans celles du programme",
}


@pytest.fixture
def call():
    karolinska = AgreementFactory(
        institution=InstitutionFactory(name="Karolinska Institutet", country="SE", city="Stockholm")
    )
    call = CallFactory(
        title_en=ENGLISH["title"],
        title_fr=FRENCH["title"],
        description_en=ENGLISH["description"],
        description_fr=FRENCH["description"],
        agreements=[karolinska],
    )
    DocumentRequirementFactory(
        call=call,
        name_en=ENGLISH["transcript"],
        name_fr=FRENCH["transcript"],
        help_text_en=ENGLISH["transcript_help"],
        help_text_fr=FRENCH["transcript_help"],
        allowed_kinds="pdf",
    )
    DocumentRequirementFactory(
        call=call,
        name_en=ENGLISH["cv"],
        name_fr=FRENCH["cv"],
        help_text_en=ENGLISH["cv_help"],
        help_text_fr=FRENCH["cv_help"],
        required=False,
    )
    CriterionFactory(call=call, text_en=ENGLISH["years"], text_fr=FRENCH["years"], checked_by="study_year")
    CriterionFactory(
        call=call, text_en=ENGLISH["standing"], text_fr=FRENCH["standing"], checked_by="declaration"
    )
    return call


def test_a_french_student_applies_without_meeting_english_content(page, call, screenshot, tmp_path):
    base = page.live_server_url
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": base}])
    student = StudentFactory(first_name="Léa", last_name="Dubois", language="fr")
    login_as(page, student)
    seen = []

    def look(name):
        seen.append((name, page.locator("main").inner_text()))
        screenshot(page, f"fr-journey-{name}")

    page.goto(base + "/programmes/")
    look("programmes")
    page.get_by_role("link", name=FRENCH["title"]).first.click()
    look("call")
    page.get_by_role("button", name="Commencer ma candidature").click()
    page.get_by_label("Date de naissance").fill("2003-05-17")
    page.get_by_label("Nationalité").select_option("FR")
    look("personal")
    page.get_by_test_id("save-next").click()
    page.get_by_label("Numéro d’étudiant", exact=False).fill("22001234")
    page.get_by_label("Année d’études pendant la mobilité").select_option("4")
    assert "4e année" in page.get_by_label("Année d’études pendant la mobilité").inner_text()
    page.get_by_label("Établissement d’origine").fill("Université Paris Cité")
    page.get_by_label("Je suis inscrit(e) et en règle").check()
    page.get_by_label("Premier semestre (septembre à janvier)").check()
    look("academic")
    page.get_by_test_id("save-next").click()
    page.get_by_label("Vœu 1").select_option(index=1)
    look("preferences")
    page.get_by_test_id("save-next").click()
    page.get_by_label("Motivation").fill(
        "Je souhaite découvrir un autre système de santé et ses hôpitaux. " * 5
    )
    page.get_by_label(FRENCH["standing"]).check()
    look("motivation")
    page.get_by_test_id("save-next").click()
    real = tmp_path / "releve.pdf"
    real.write_bytes(PDF_BYTES)
    row = page.get_by_test_id(f"doc-{call.document_requirements.get(name_en=ENGLISH['transcript']).pk}")
    row.locator("input[type=file]").set_input_files(str(real))
    row.get_by_role("button", name="Déposer").click()
    page.get_by_text(f"« {FRENCH['transcript']} » reçu").wait_for()
    look("documents")
    page.get_by_role("link", name="Continuer : vérifier et déposer").click()
    look("review")
    page.get_by_test_id("submit").click()
    page.get_by_text("Votre candidature a été déposée").wait_for()
    look("submitted")
    page.goto(base + "/applications/")
    look("dashboard")

    application = Application.objects.get(student=student)
    assert application.status == Status.SUBMITTED and application.period == Period.SEMESTER_1
    for name, text in seen:
        for key, english in ENGLISH.items():
            assert english not in text, f"{name}: English “{english}” ({key}) on a French page"
    shown = "\n".join(text for _name, text in seen)
    for key in ("title", "transcript", "transcript_help", "standing"):
        assert FRENCH[key] in shown, key

    # On a phone the same pages stay French and readable.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + f"/programmes/{call.pk}-{call.slug}/")
    screenshot(page, "fr-journey-call-390")
    assert ENGLISH["description"] not in page.locator("main").inner_text()
