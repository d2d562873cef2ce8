"""The public directory, partner and network pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import academic
from partners import selectors, services
from partners.models import Agreement, AgreementKind, Duration, Institution
from partners.regions import region_of
from tests.factories import AgreementFactory, InstitutionFactory, NetworkFactory

pytestmark = pytest.mark.django_db

NOW = academic.current_academic_year()


def names(response):
    return [e.institution.name for r in response.context["regions"] for c in r.countries for e in c.partners]


@pytest.fixture
def world():
    AgreementFactory(
        institution=InstitutionFactory(name="Karolinska Institutet", country="SE", city="Stockholm")
    )
    AgreementFactory(institution=InstitutionFactory(name="Aarhus University", country="DK", city="Aarhus"))
    AgreementFactory(
        institution=InstitutionFactory(name="Aarhus University Summer", country="DK"),
        kind=AgreementKind.SUMMER_PROGRAMME,
        duration=Duration.WEEKS_2_4,
    )
    AgreementFactory(
        institution=InstitutionFactory(name="Columbia University", country="US", city="New York"),
        kind=AgreementKind.CLINICAL_PLACEMENT,
    )
    AgreementFactory(institution=InstitutionFactory(name="National University of Singapore", country="SG"))
    AgreementFactory(
        institution=InstitutionFactory(name="UT Southwestern Medical Center", country="US", city="Dallas"),
        kind=AgreementKind.BILATERAL_EXCHANGE,
    )
    AgreementFactory(
        institution=InstitutionFactory(name="Old Partner University", country="IT"),
        valid_from_year=NOW - 6,
        valid_to_year=NOW - 1,
    )
    AgreementFactory(institution=InstitutionFactory(name="Draft University", country="ES"), is_signed=False)
    InstitutionFactory(name="Université Paris Cité", country="FR", is_home=True)


def test_grouped_by_region_then_country_in_the_brochures_order(client, world):
    response = client.get(reverse("partners:directory"))
    assert response.status_code == 200
    regions = response.context["regions"]
    assert [r.name for r in regions] == ["Europe", "North America", "Asia"]
    assert [c.name for c in regions[0].countries] == ["Denmark", "Sweden"]
    assert [p.institution.name for p in regions[1].countries[0].partners] == [
        "Columbia University",
        "UT Southwestern Medical Center",
    ]
    body = response.content.decode()
    assert "Karolinska Institutet" in body and "Clinical placement" in body


def test_expired_draft_and_home_institutions_are_not_listed(client, world):
    listed = names(client.get(reverse("partners:directory")))
    assert "Old Partner University" not in listed
    assert "Draft University" not in listed
    assert "Université Paris Cité" not in listed


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("exchange-europe", ["Aarhus University", "Karolinska Institutet"]),
        ("exchange-world", ["UT Southwestern Medical Center", "National University of Singapore"]),
        ("clinical", ["Columbia University"]),
        ("summer", ["Aarhus University Summer"]),
    ],
)
def test_filter_by_kind(client, world, kind, expected):
    response = client.get(reverse("partners:directory"), {"kind": kind})
    assert names(response) == expected
    assert "filtered" in response.content.decode()


def test_search_by_name_city_or_local_name(client, world):
    Institution.objects.filter(name="Aarhus University").update(local_name="Aarhus Universitet")
    assert names(client.get(reverse("partners:directory"), {"q": "new york"})) == ["Columbia University"]
    assert names(client.get(reverse("partners:directory"), {"q": "universitet"})) == ["Aarhus University"]
    response = client.get(reverse("partners:directory"), {"q": "nowhere at all"})
    assert "No partner matches this search" in response.content.decode()


def test_an_unknown_filter_shows_everything_instead_of_an_error(client, world):
    response = client.get(reverse("partners:directory"), {"kind": "<script>"})
    assert response.status_code == 200
    assert len(names(response)) == 6


def test_the_form_works_without_javascript(client, world):
    body = client.get(reverse("partners:directory")).content.decode()
    assert '<form method="get"' in body and 'name="kind"' in body and 'name="q"' in body


def _fill(n):
    start = Institution.objects.count()
    countries = ("DE", "US", "BR", "JP", "KE")
    Institution.objects.bulk_create(  # bulk_create skips save(): give the region save() would derive
        [
            Institution(
                name=f"University {i:05}", country=countries[i % 5], region=region_of(countries[i % 5])
            )
            for i in range(start, start + n)
        ]
    )
    Agreement.objects.bulk_create(
        [
            Agreement(
                institution=institution,
                kind=AgreementKind.ACADEMIC_EXCHANGE,
                valid_from_year=NOW - 1,
                valid_to_year=NOW + 2,
                duration=Duration.SEMESTER,
                is_signed=True,
            )
            for institution in Institution.objects.filter(agreements__isnull=True)
        ]
    )


def test_query_count_is_the_same_with_10_and_2000_partners(client):
    _fill(10)
    services.directory_changed()  # bulk_create sends no signal: say the partners changed
    with CaptureQueriesContext(connection) as small:
        assert len(names(client.get(reverse("partners:directory")))) == 10
    _fill(1990)
    services.directory_changed()  # bulk_create sends no signal: say the partners changed
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("partners:directory"))
    assert len(names(response)) == selectors.DIRECTORY_PAGE_SIZE
    assert "2,000 partners" in response.content.decode()
    assert len(small) == len(large)


def test_a_long_directory_comes_in_pages_that_keep_the_filters(client):
    _fill(450)  # 90 per country (DE, US, BR, JP, KE): 100 a page
    services.directory_changed()
    url = reverse("partners:directory")
    first = client.get(url, {"kind": "exchange-world"})
    body = first.content.decode()
    assert "Page 1 of 4" in body and "?kind=exchange-world&amp;page=2" in body
    pages = [first] + [client.get(url, {"kind": "exchange-world", "page": n}) for n in (2, 3, 4)]
    shown = [name for page in pages for name in names(page)]
    assert len(shown) == len(set(shown)) == 360  # the 90 German partners are academic exchanges in Europe
    # A country cut by the page break says so at the top of the next page, with its whole count.
    continued = [c for r in pages[1].context["regions"] for c in r.countries if c.continued]
    assert len(continued) == 1 and continued[0].total == 90 and len(continued[0].partners) == 80
    assert "(continued)" in pages[1].content.decode()
    # A page number past the end shows the last page; nonsense shows the first.
    assert "Page 4 of 4" in client.get(url, {"kind": "exchange-world", "page": 99}).content.decode()
    assert "Page 1 of 4" in client.get(url, {"kind": "exchange-world", "page": "x"}).content.decode()


def test_the_region_links_count_partners_and_filter_by_region(client, world):
    url = reverse("partners:directory")
    response = client.get(url)
    counts = {r.name: r.count for r in response.context["region_counts"]}
    assert counts == {"Europe": 3, "North America": 2, "Asia": 1}
    assert 'href="?region=north_america"' in response.content.decode()
    assert names(client.get(url, {"region": "north_america"})) == [
        "Columbia University",
        "UT Southwestern Medical Center",
    ]
    # The region and the kind combine; the search keeps the region it was typed in.
    assert names(client.get(url, {"region": "north_america", "kind": "clinical"})) == ["Columbia University"]
    body = client.get(url, {"region": "asia"}).content.decode()
    assert '<input type="hidden" name="region" value="asia">' in body


def test_detail_shows_agreements_in_force_and_networks(client):
    institution = InstitutionFactory(name="Aarhus University", country="DK", local_name="Aarhus Universitet")
    AgreementFactory(institution=institution, study_year_min=3, study_year_max=6, outgoing_seats=3)
    AgreementFactory(
        institution=institution,
        kind=AgreementKind.CLINICAL_PLACEMENT,
        valid_from_year=NOW - 5,
        valid_to_year=NOW - 1,
    )
    network = NetworkFactory(name="Circle U.", slug="circle-u")
    network.members.add(institution)
    response = client.get(reverse("partners:detail", args=[institution.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Erasmus+ academic exchange" in body and "Year 3–6 of medical school" in body
    assert "3 for our students going there" in body
    assert "Clinical placement" not in body  # expired: nothing to do there any more
    assert "Circle U." in body and "Aarhus Universitet" in body


def test_detail_of_the_home_university_or_a_missing_one_is_404(client):
    home = InstitutionFactory(name="Université Paris Cité", country="FR", is_home=True)
    assert client.get(reverse("partners:detail", args=[home.pk])).status_code == 404
    assert client.get(reverse("partners:detail", args=[home.pk + 999])).status_code == 404


def test_networks_page_lists_members(client):
    network = NetworkFactory(
        name="ECTS Medical Association", slug="ectsma", school_role="Member since April 2024."
    )
    network.members.add(InstitutionFactory(name="Université Paris Cité", country="FR", is_home=True))
    body = client.get(reverse("partners:networks")).content.decode()
    assert "ECTS Medical Association" in body and "Member since April 2024." in body
    assert "Université Paris Cité" in body


def test_a_very_large_network_shows_its_first_members_and_its_count(client):
    network = NetworkFactory(name="Big Alliance", slug="big")
    _fill(selectors.NETWORK_MEMBERS_SHOWN + 5)
    network.members.add(*Institution.objects.all())
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("partners:networks")).content.decode()
    total = selectors.NETWORK_MEMBERS_SHOWN + 5
    assert f"{total} members listed here" in body
    assert f"The first {selectors.NETWORK_MEMBERS_SHOWN} of {total} members." in body
    assert len(re.findall(r'href="/partners/\d+/"', body)) == selectors.NETWORK_MEMBERS_SHOWN
    assert len(ctx) <= 5  # networks with their counts, their first members (+ session)


def test_the_rendered_directory_is_reused_until_a_partner_changes(client, world):
    url = reverse("partners:directory")
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        body = client.get(url).content.decode()
    assert "Karolinska Institutet" in body
    assert not any("partners_agreement" in q["sql"] for q in cached.captured_queries)
    institution = Institution.objects.get(name="Karolinska Institutet")
    institution.name = "Karolinska Institutet (KI)"
    institution.save()
    assert "Karolinska Institutet (KI)" in client.get(url).content.decode()
    Agreement.objects.filter(institution=institution).delete()
    assert "Karolinska" not in client.get(url).content.decode()


def test_selector_uses_three_queries_whatever_the_page():
    AgreementFactory.create_batch(3)
    with CaptureQueriesContext(connection) as ctx:
        listing = selectors.directory()
    assert listing.partner_count == 3
    assert len(ctx) == 3  # partners per country, the page of institutions, their kinds


def test_the_directory_speaks_french(client, world):
    client.cookies["django_language"] = "fr"
    body = client.get(
        reverse("partners:directory"), {"kind": "clinical"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Universités partenaires" in body and "Stage clinique" in body and "États-Unis" in body


def test_a_local_name_is_marked_with_its_language_not_the_country_code(client):
    cases = {"AR": ' lang="es"', "SI": ' lang="sl"', "AT": ' lang="de"', "BE": ""}
    for country, expected in cases.items():
        institution = InstitutionFactory(
            country=country, name=f"University {country}", local_name=f"Local {country}"
        )
        AgreementFactory(institution=institution)
        page = client.get(reverse("partners:detail", args=[institution.pk])).content.decode()
        line = next(part for part in page.split("<p") if f"Local {country}" in part)
        assert ("lang=" in line) == bool(expected) and (expected in line), (country, line[:80])
