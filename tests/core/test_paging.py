"""The shared pager (core.paging) counts a list only a few pages past the one asked for (issue 19):
a page of 100,000 rows costs what a page of 100 does, and says so when the end is further."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.paging import PAGES_AHEAD, page_of
from projects.models import Project

pytestmark = pytest.mark.django_db


def _projects(n):
    Project.objects.bulk_create(
        Project(acronym=f"P{i:03}", slug=f"p{i}", title="t", summary="s", start_year=2020) for i in range(n)
    )
    return Project.objects.order_by("acronym")


def test_the_count_stops_a_few_pages_past_the_page_asked_for():
    rows = _projects(50)
    with CaptureQueriesContext(connection) as queries:
        page = page_of(rows, "1", per_page=2)
        shown = [p.acronym for p in page.object_list]
    assert shown == ["P000", "P001"]
    assert page.paginator.more and page.has_next()
    assert page.paginator.num_pages == 1 + PAGES_AHEAD  # "Page 1 of more than 11"
    count = queries.captured_queries[0]["sql"]
    assert "COUNT" in count and f"LIMIT {(1 + PAGES_AHEAD) * 2 + 1}" in count and "ORDER BY" not in count
    assert len(queries) == 2  # the bounded count, the page


def test_near_the_end_the_count_is_exact_and_past_it_the_last_page_is_shown():
    rows = _projects(50)
    page = page_of(rows, 20, per_page=2)
    assert not page.paginator.more and page.paginator.num_pages == 25 and page.has_next()
    last = page_of(rows, 99, per_page=2)
    assert (last.number, [p.acronym for p in last.object_list]) == (25, ["P048", "P049"])
    assert page_of(rows, "nonsense", per_page=2).number == page_of(rows, "-3", per_page=2).number == 1


def test_a_list_that_knows_its_size_is_not_counted():
    rows = _projects(5)
    with CaptureQueriesContext(connection) as queries:
        page = page_of(rows, 2, per_page=2, count=5)
        assert [p.acronym for p in page.object_list] == ["P002", "P003"]
    assert len(queries) == 1 and "COUNT" not in queries[0]["sql"]
