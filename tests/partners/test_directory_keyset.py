"""Pages inside one large country (issue 19): the pager's links carry the row next to the page, which is
read from there by the index instead of counting the rows before it; a page number alone still
works, read from the nearer end of its country. Pages of 10 here (100 in the directory)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import academic
from partners import selectors, services
from partners.models import Agreement, AgreementKind, Duration, Institution
from partners.regions import region_of
from tests.query_counts import LARGE, SMALL

pytestmark = pytest.mark.django_db
NOW = academic.current_academic_year()
URL = reverse("partners:directory")


@pytest.fixture(autouse=True)
def pages_of_ten(monkeypatch):
    monkeypatch.setattr(selectors, "DIRECTORY_PAGE_SIZE", 10)


def _partners(country, n):
    """n partners in `country`, named in pairs ("Hospital 0003" twice, one in lower case): the
    order's ties are broken by the id."""
    start = Institution.objects.filter(country=country).count()
    created = Institution.objects.bulk_create(
        Institution(
            name=(f"Hospital {i // 2:04}" if i % 2 else f"hospital {i // 2:04}"),
            country=country,
            region=region_of(country),
        )
        for i in range(start, start + n)
    )
    Agreement.objects.bulk_create(
        Agreement(
            institution=institution,
            kind=AgreementKind.ACADEMIC_EXCHANGE,
            valid_from_year=NOW - 1,
            valid_to_year=NOW + 2,
            duration=Duration.SEMESTER,
            is_signed=True,
        )
        for institution in created
    )
    services.directory_changed()  # bulk_create sends no signal


def _ids(response):
    """The partners of a page, in its order (rendered or kept)."""
    return [int(pk) for pk in re.findall(rf'<a href="{URL}(\d+)/">', response.content.decode())]


def _link(response, rel):
    found = re.search(rf'rel="{rel}"\s+href="\?([^"]+)"', response.content.decode())
    return found and found[1].replace("&amp;", "&")


def _by_number(client, number):
    return _ids(client.get(URL, {"page": number}))


def test_next_and_previous_walk_a_large_country_without_repeating_or_skipping_a_partner(client):
    _partners("DK", 15)  # Denmark, then Germany: page 2 holds both, pages 3–7 are inside Germany
    _partners("DE", 63)
    expected = [_by_number(client, n) for n in range(1, 9)]
    assert [len(page) for page in expected] == [10] * 7 + [8]
    whole = [pk for page in expected for pk in page]
    assert len(set(whole)) == 78

    response, forwards = client.get(URL), []
    while True:
        forwards.append(_ids(response))
        query = _link(response, "next")
        if not query:
            break
        assert "after=" in query
        response = client.get(f"{URL}?{query}")
    assert forwards == expected

    backwards = []
    while True:
        backwards.insert(0, _ids(response))
        query = _link(response, "prev")
        if not query:
            break
        assert "before=" in query
        response = client.get(f"{URL}?{query}")
    assert backwards == expected


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_a_page_inside_a_large_country_is_read_from_the_pagers_row_at_any_size(client, size):
    """The same queries whether Germany has 40 or 310 partners, and no OFFSET: nothing walked."""
    _partners("DE", 10 * size + 10)
    page_two = client.get(URL, {"page": 2})
    query = _link(page_two, "next")
    with CaptureQueriesContext(connection) as read:
        page_three = client.get(f"{URL}?{query}")
    sql = [q["sql"] for q in read.captured_queries]
    # The cursor's row, the partners per country, the page, its kinds (+ the request's savepoint).
    assert len(sql) == 6
    assert not [q for q in sql if "OFFSET" in q]
    assert _ids(page_three) == _by_number(client, 3)


def test_a_page_number_alone_is_read_from_the_nearer_end_of_its_country(client):
    _partners("DE", 63)
    with CaptureQueriesContext(connection) as read:
        ids = _by_number(client, 6)  # partners 50–59 of 63: 3 from the end
        offsets = [int(n) for q in read.captured_queries for n in re.findall(r"OFFSET (\d+)", q["sql"])]
    assert offsets == [3]
    german = Institution.objects.filter(country="DE").values_list("name", "pk")
    assert ids == [pk for _name, pk in sorted(german, key=lambda row: (row[0].lower(), row[1]))][50:60]
    follow = client.get(f"{URL}?{_link(client.get(URL, {'page': 5}), 'next')}")
    assert _ids(follow) == ids


def test_a_cursor_from_elsewhere_is_harmless_and_never_kept(client):
    _partners("DK", 15)
    _partners("DE", 63)
    danish = Institution.objects.filter(country="DK").first().pk
    right = _by_number(client, 4)
    # A Danish row for a page inside Germany: ignored. Not a number, or no such row: ignored.
    for cursor in (danish, "x", 10**9):
        assert _ids(client.get(URL, {"page": 4, "after": cursor})) == right
    # A German row from elsewhere (an old link, a page saved before partners were added): the page
    # follows that row, as the visitor saw it; the page kept for everyone is still the right one.
    german = Institution.objects.filter(country="DE").order_by("pk")[30].pk
    services.directory_changed(())  # a new version: page 4 is built again
    shifted = _ids(client.get(URL, {"page": 4, "after": german}))
    assert shifted != right
    assert _ids(client.get(URL, {"page": 4})) == right
    assert _ids(client.get(URL, {"page": 4})) == right
