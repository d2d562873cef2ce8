"""Content in both languages (issue 14, item 1): what staff write in French is what French pages
show; where no French was written the English shows, marked lang="en"; amounts are written the
reader's way."""

import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.templatetags.lang import money
from mobility.forms.applications import AcademicForm
from partners.models import Network
from projects.models import Project, TrainingSession
from tests.factories import StudentFactory
from tests.mobility.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    DocumentRequirementFactory,
)
from tests.summerschool.factories import SummerSchoolFactory

pytestmark = pytest.mark.django_db

# English → French of every content field a student reads on the journey below.
TEXTS = {
    "call.title": ("Erasmus+ academic exchanges in Europe", "Échanges universitaires Erasmus+ en Europe"),
    "call.description": (
        "One semester or a full academic year at a European partner.",
        "Un semestre ou une année universitaire complète chez un partenaire européen.",
    ),
    "doc.name": ("Transcript of records", "Relevé de notes"),
    "doc.help_text": ("Your marks for every year so far.", "Vos notes de chaque année jusqu’à présent."),
    "criterion.text": (
        "Enrolled at UPCité Medical School and in good standing",
        "Inscrit à la Faculté de médecine d’UPCité et en situation régulière",
    ),
    "school.title": (
        "Hands-on Training in Clinical Medicine and Emergencies",
        "Formation pratique en médecine clinique et en urgences",
    ),
    "school.theme": ("Summer school 2027", "École d’été 2027"),
    "school.description": ("Simulation sessions and emergency care.", "Séances de simulation et urgences."),
    "school.audience": ("Medical students", "Étudiants en médecine"),
    "school.locations": ("iLumens Simulation Center", "Centre de simulation iLumens"),
    "school.language": ("English", "Anglais"),
    "project.title": ("Planetary Health in European Medical Education", "La santé planétaire en Europe"),
    "project.summary": (
        "A European course on planetary health.",
        "Un enseignement européen de santé planétaire.",
    ),
    "project.description": ("Training ambassadors of change.", "Former des ambassadeurs du changement."),
    "session.title": ("Planetary health online course", "Cours en ligne de santé planétaire"),
    "session.audience": ("medical students and teachers", "étudiants en médecine et enseignants"),
    "network.description": ("An alliance of nine universities.", "Une alliance de neuf universités."),
    "network.school_role": ("Founding partner.", "Partenaire fondateur."),
}


def both(key, field=None):
    english, french = TEXTS[key]
    field = field or key.split(".")[1]
    return {f"{field}_en": english, f"{field}_fr": french}


@pytest.fixture
def content():
    call = CallFactory(**both("call.title"), **both("call.description"))
    doc = DocumentRequirementFactory(call=call, **both("doc.name"), **both("doc.help_text"))
    CriterionFactory(call=call, checked_by="declaration", **both("criterion.text", "text"))
    school = SummerSchoolFactory(
        fee=3100,
        **both("school.title"),
        **both("school.theme"),
        **both("school.description"),
        **both("school.audience"),
        **both("school.locations"),
        **both("school.language"),
    )
    project = Project.objects.create(
        acronym="PHEMED",
        slug="phemed",
        start_year=2024,
        **both("project.title"),
        **both("project.summary"),
        **both("project.description"),
        programme_en="Erasmus+ Cooperation partnership (KA2)",
        programme_fr="Partenariat de coopération Erasmus+ (KA2)",
    )
    TrainingSession.objects.create(
        project=project,
        kind="online",
        starts_on="2027-03-01",
        ends_on="2027-03-31",
        **both("session.title"),
        **both("session.audience"),
    )
    Network.objects.create(
        name="Circle U.", slug="circle-u", **both("network.description"), **both("network.school_role")
    )
    return {"call": call, "doc": doc, "school": school, "project": project}


def french_pages(client, content):
    call, school, project = content["call"], content["school"], content["project"]
    student = StudentFactory(language="fr")
    application = ApplicationFactory(call=call, student=student)
    client.force_login(student)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "fr"})
    urls = [
        reverse("mobility:programmes"),
        reverse("mobility:call", args=[call.pk, call.slug]),
        reverse("mobility:dashboard"),
        reverse("mobility:step", args=[application.pk, "documents"]),
        reverse("mobility:step", args=[application.pk, "motivation"]),
        reverse("summerschool:list"),
        reverse("summerschool:detail", args=[school.slug]),
        reverse("projects:list"),
        reverse("projects:detail", args=[project.slug]),
        reverse("partners:networks"),
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        pages[url] = html[html.index("<main") : html.index("</main>")]  # the page, not the language menu
    return pages


def test_no_french_page_shows_an_english_content_string_when_the_french_exists(client, content):
    pages = french_pages(client, content)
    text = "\n".join(pages.values())
    for key, (english, french) in TEXTS.items():
        assert english not in text, f"{key}: the English “{english}” shows on a French page"
        assert french in text, key
    assert "3\xa0100\xa0€" in text and "€3" not in text
    assert '<span lang="en">' not in text  # nothing fell back to English


def test_english_pages_show_the_english(client, content):
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
    page = client.get(
        reverse("mobility:call", args=[content["call"].pk, content["call"].slug])
    ).content.decode()
    assert TEXTS["call.title"][0] in page and TEXTS["call.title"][1] not in page
    assert client.get(reverse("summerschool:list")).content.decode().count("€3,100") >= 1


def test_english_fallback_on_a_french_page_is_marked_lang_en(client):
    call = CallFactory(title_en="Clinical placements abroad", description_en="One to three months.")
    DocumentRequirementFactory(call=call, name_en="Letter of recommendation", name_fr=None)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "fr"})
    page = client.get(reverse("mobility:call", args=[call.pk, call.slug])).content.decode()
    assert '<span lang="en">Clinical placements abroad</span>' in page
    assert '<span lang="en">Letter of recommendation</span>' in page
    assert re.search(r'<div class="mb-4" lang="en">\s*<p>One to three months.</p>', page)


def test_the_content_filter_and_tag():
    call = CallFactory(title_en="Exchanges", title_fr="Échanges", description_en="Text", description_fr="")
    template = Template('{% load lang %}{{ call|content:"title" }}|<p{% lang_of call "description" %}>')
    with translation.override("fr"):
        assert template.render(Context({"call": call})) == 'Échanges|<p lang="en">'
    with translation.override("en"):
        assert template.render(Context({"call": call})) == "Exchanges|<p>"


def test_amounts_are_written_the_readers_way():
    with translation.override("fr"):
        assert money(3100) == "3\xa0100\xa0€"
        assert money("2500.50") == "2\xa0500,50\xa0€"
        assert money(-450, 2) == "-450,00\xa0€"  # a credit note
    with translation.override("en"):
        assert money(3100) == "€3,100"
        assert money(3100, 2) == "€3,100.00"
        assert money(-450, 2) == "-€450.00", "the sign before the currency, not '€-450.00'"


def test_the_study_years_follow_the_language_of_the_request():
    application = ApplicationFactory(call=CallFactory())
    with translation.override("fr"):
        labels = [label for _value, label in AcademicForm(instance=application).fields["study_year"].choices]
    assert "4e année" in labels
    with translation.override("en"):
        labels = [label for _value, label in AcademicForm(instance=application).fields["study_year"].choices]
    assert "Year 4" in labels


def test_text_written_before_the_translation_columns_is_kept_as_english():
    """The migration copied each existing column into its _en twin; a record created without
    languages (a service, an import) gets its text as the English, and the untranslated column
    follows the English whatever language the editor works in."""
    call = CallFactory(title="Written by a service")
    call.refresh_from_db()
    assert call.title_en == "Written by a service"
    call.title_en = "Renamed in the admin"
    call.save()
    from mobility.models import Call

    assert Call.objects.filter(pk=call.pk).values_list("title_en", flat=True).get() == "Renamed in the admin"
