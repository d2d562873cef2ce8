"""A call offers every signed agreement of its kind in force in its year with seats in its
direction, but those staff exclude: a partner cannot be forgotten (services.offer)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mobility.services.offer import refresh_offer
from partners.models import AgreementKind, Direction
from tests.factories import AgreementFactory, StaffFactory

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def test_the_offer_is_every_agreement_of_its_kind_in_force_with_seats_but_the_excluded():
    call = CallFactory(agreements=[])
    year = call.academic_year
    offered = AgreementFactory(valid_from_year=year, valid_to_year=year)
    excluded = AgreementFactory()
    AgreementFactory(kind=AgreementKind.CLINICAL_PLACEMENT)  # another programme
    AgreementFactory(valid_from_year=year - 3, valid_to_year=year - 1)  # ended
    AgreementFactory(is_signed=False)  # not signed yet
    AgreementFactory(outgoing_seats=0)  # no seat for our students
    call.excluded_agreements.add(excluded)
    refresh_offer(call)
    assert list(call.agreements.all()) == [offered]
    # Staff take the exclusion back: offered at the next refresh; excluded again: withdrawn.
    call.excluded_agreements.clear()
    refresh_offer(call)
    assert set(call.agreements.all()) == {offered, excluded}
    call.excluded_agreements.add(offered)
    assert refresh_offer(call) == (set(), {offered.pk})


def test_an_incoming_call_counts_incoming_seats():
    call = CallFactory(agreements=[], direction=Direction.INCOMING)
    both = AgreementFactory()
    AgreementFactory(incoming_seats=0)
    refresh_offer(call)
    assert list(call.agreements.all()) == [both]


def test_an_agreement_saved_in_the_admin_joins_the_open_calls_of_its_kind_not_the_closed(client):
    open_call = CallFactory(agreements=[])
    closed = CallFactory(agreements=[], academic_year=open_call.academic_year)
    closed.application_deadline = timezone.now() - timezone.timedelta(days=1)
    closed.save(update_fields=["application_deadline"])
    agreement = AgreementFactory(outgoing_seats=0)  # signed, but no seat yet: not offered
    client.force_login(StaffFactory())
    url = reverse("admin:partners_agreement_change", args=[agreement.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "signed_document"}
    data.update(outgoing_seats=3, is_signed="on")
    for name in ("french_track", "english_track"):
        if not data.get(name):
            data.pop(name, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(open_call.agreements.all()) == [agreement]
    assert not closed.agreements.exists()  # a closed call's offer is history


def test_the_call_admin_shows_the_offer_and_takes_exclusions(admin_client):
    call = CallFactory(agreements=[])
    a, b = AgreementFactory(), AgreementFactory()
    refresh_offer(call)
    page = admin_client.get(reverse("admin:mobility_call_change", args=[call.pk]))
    body = page.content.decode()
    assert "2 agreements" in body and str(a.institution) in body and str(b.institution) in body
    assert 'name="excluded_agreements"' in body
