"""The coordinator's dashboard and the cached directory make the same number of queries at 3 and at
30 rows (issue 19; the directory just after a change: tests/partners/test_directory.py)."""

import pytest
from django.urls import reverse

from core import academic
from tests.factories import AgreementFactory, CoordinatorFactory, InstitutionFactory
from tests.mobility.factories import ApplicationFactory, CallFactory
from tests.query_counts import at_two_sizes

pytestmark = pytest.mark.django_db


def test_coordinator_dashboard_queries_do_not_grow_with_their_agreements_or_the_seats_used(client):
    institution = InstitutionFactory()
    coordinator = CoordinatorFactory(institutions=[institution])
    client.force_login(coordinator)

    def grow(n):
        for _ in range(n):
            agreement = AgreementFactory(institution=institution)
            call = CallFactory(academic_year=academic.current_academic_year(), agreements=[agreement])
            ApplicationFactory(call=call, allocated_agreement=agreement, status="accepted")
            AgreementFactory()  # another institution's

    small, large = at_two_sizes(client, reverse("partners:coordinator_dashboard"), grow)
    assert small == large


def test_the_cached_directory_is_a_constant_handful_of_queries(client):
    url = reverse("partners:directory")

    def grow(n):
        for _ in range(n):
            AgreementFactory()
        client.get(url)  # the first visitor after the change renders it

    small, large = at_two_sizes(client, url, grow)
    # The request's savepoint and its release: the page itself reads nothing once rendered.
    assert small == large == 2


def test_the_directory_just_after_a_change_is_a_constant_handful_of_queries(client):
    """Every save of a partner starts a new version: each count below is a first visitor's."""
    url = reverse("partners:directory")
    countries = iter(["SE", "DK", "US", "JP", "BR", "KE"] * 10)

    def grow(n):
        for _ in range(n):
            AgreementFactory(institution=InstitutionFactory(country=next(countries)))

    small, large = at_two_sizes(client, url, grow)
    # The partners per country as kept, the page's institutions (one query for its countries),
    # their kinds of agreement (+ the request's savepoint and its release).
    assert small == large == 5
