"""English content on French pages is marked lang="en" wherever it shows (issue 14, WCAG 3.1.2).

Every content string (calls, documents, criteria, agreements, networks, summer schools, projects and
sessions) is written in English only; every page a visitor, student, participant or coordinator
sees is read in French, and each place an English string shows (text or an attribute such as
aria-label) must be inside an element with lang="en". One exception, by decision: `<title>`, whose
text cannot carry a language of its own (the page's h1 says the same, marked)."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from modeltranslation.translator import translator

from core.content import translated_fields
from partners.models import Network
from projects.models import Deliverable, Project, TrainingSession, WorkPackage
from summerschool.models import Certificate
from summerschool.models import State as SchoolState
from tests.core.pages import people_and_their_pages
from tests.factories import AgreementFactory, InstitutionFactory, StudentFactory
from tests.mobility.factories import CallFactory, CriterionFactory, DocumentRequirementFactory
from tests.summerschool.factories import RegistrationFactory, SummerSchoolFactory

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNREAD = {"title", "script", "style"}  # <title>: see the module's docstring


class Occurrences(HTMLParser):
    """Where each of `strings` shows: (string, the language it is read in, what shows it)."""

    def __init__(self, strings):
        super().__init__(convert_charrefs=True)
        self.strings, self.stack, self.found = strings, [], []

    def language(self, attrs=None):
        if attrs and attrs.get("lang"):
            return attrs["lang"]
        for _tag, lang in reversed(self.stack):
            if lang:
                return lang
        return None

    def look(self, text, language, where):
        for string in self.strings:
            if string in text:
                self.found.append((string, language, where))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and name not in ("lang", "href", "src", "class", "id", "name", "for"):
                self.look(value, self.language(attrs), f"<{tag} {name}>")
        if tag not in VOID:
            self.stack.append((tag, attrs.get("lang")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate elements closed implicitly
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not any(tag in UNREAD for tag, _lang in self.stack):
            self.look(data, self.language(), f"<{self.stack[-1][0] if self.stack else ''}> text")


def english_only_strings():
    """Each line of every content field written in English and not in French."""
    strings = set()
    for model in translator.get_registered_models(abstract=False):
        if model._meta.proxy:
            continue
        for field in translated_fields(model):
            rows = model.objects.rewrite(False).values_list(f"{field}_en", f"{field}_fr")
            for english, french in rows:
                if english and not french:
                    strings.update(line.strip() for line in english.splitlines() if len(line.strip()) >= 6)
    return strings


def unmarked(html, strings):
    parser = Occurrences(strings)
    parser.feed(html)
    return [(string, where) for string, language, where in parser.found if language != "en"]


@pytest.fixture
def public_pages():
    """Public pages whose content is English only, beside what people_and_their_pages shows."""
    institution = InstitutionFactory(name="Karolinska Institutet", country="SE")
    agreement = AgreementFactory(
        institution=institution,
        title="Erasmus+ exchange in medicine",
        notes="Two students a year, spring only.",
    )
    call = CallFactory(description="One semester or a full year abroad.", agreements=[agreement])
    DocumentRequirementFactory(call=call, name="Letter of motivation", help_text="One page, signed.")
    CriterionFactory(call=call, text="Enrolled in the fourth year of medicine")
    school = SummerSchoolFactory(
        theme="Emergencies and simulation",
        extra_certification="Basic life support diploma",
        language="English and French",
    )
    registration = RegistrationFactory(offering=school, state=SchoolState.COMPLETED)
    certificate = Certificate.objects.create(registration=registration, pdf="certificates/c.pdf")
    project = Project.objects.create(
        acronym="PHEMED",
        slug="phemed",
        start_year=2024,
        title="Planetary Health in European Medical Education",
        summary="A European course on planetary health.",
        description="Training ambassadors of change.",
        programme="Erasmus+ Cooperation partnership",
    )
    TrainingSession.objects.create(
        project=project,
        kind="online",
        starts_on="2027-03-01",
        ends_on="2027-03-31",
        title="Planetary health online course",
        audience="medical students and teachers",
        location="Online platform of the faculty",
    )
    package = WorkPackage.objects.create(project=project, number=2, title="Curriculum and teaching materials")
    Deliverable.objects.create(
        project=project,
        work_package=package,
        code="D2.1",
        title="Open course on planetary health",
        description="Twelve modules for medical students.",
        due_on="2026-09-30",
        public=True,
    )
    Network.objects.create(
        name="Circle U.",
        slug="circle-u",
        description="An alliance of nine universities.",
        school_role="Founder.",
    )
    return [
        "/",
        reverse("partners:directory"),
        reverse("partners:detail", args=[institution.pk]),
        reverse("partners:networks"),
        reverse("mobility:programmes"),
        reverse("mobility:call", args=[call.pk, call.slug]),
        reverse("mobility:incoming"),
        reverse("summerschool:list"),
        reverse("summerschool:detail", args=[school.slug]),
        reverse("summerschool:verify_certificate", args=[certificate.code]),
        reverse("projects:list"),
        reverse("projects:detail", args=[project.slug]),
    ]


def test_english_content_on_french_pages_is_always_marked(client, public_pages):
    people, _errors = people_and_their_pages()
    people[None] = [*people[None], *public_pages]
    people[StudentFactory()] = [reverse("summerschool:register", args=[SummerSchoolFactory().slug])]
    strings = english_only_strings()
    assert "Enrolled in the fourth year of medicine" in strings and len(strings) > 25
    problems, seen = [], set()
    for person, urls in people.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "fr"})
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert '<html lang="fr"' in html, url
            found = unmarked(html, strings)
            seen.update(string for string in strings if string in html)
            problems += [f"{url}: “{string}” in {where}" for string, where in found]
    assert {
        "Basic life support diploma",
        "Erasmus+ exchange in medicine",
        "Open course on planetary health",
    } <= seen
    assert not problems, 'English content without lang="en" on French pages:\n' + "\n".join(
        sorted(set(problems))
    )


def test_the_checker_sees_what_is_not_marked():
    html = (
        '<html lang="fr"><head><title>Exchanges abroad</title></head><body>'
        '<h1><span lang="en">Exchanges abroad</span></h1><p>Exchanges abroad</p>'
        '<input aria-label="Exchanges abroad"><div lang="en"><input aria-label="Exchanges abroad"></div></body></html>'
    )
    assert unmarked(html, {"Exchanges abroad"}) == [
        ("Exchanges abroad", "<p> text"),
        ("Exchanges abroad", "<input aria-label>"),
    ]
