"""Proven network waivers: a member pays nothing once proven (verified address, code, staff decision)."""

import datetime
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from summerschool import selectors, services
from summerschool.models import State, WaiverProof
from tests.factories import InstitutionFactory, NetworkFactory, StaffFactory, StudentFactory

from .factories import SummerSchoolFactory, cv_file, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle_school():
    oslo = InstitutionFactory(name="University of Oslo", country="NO", city="Oslo", email_domains="uio.no")
    circle = NetworkFactory(name="Circle U.", slug="circle-u")
    circle.members.add(oslo)
    school = SummerSchoolFactory(title="Rethinking Global Health", fee=Decimal("450"))
    school.waiver_networks.add(circle)
    return school, oslo, circle


def register(school, person=None, **data):
    return services.register(school, person or StudentFactory(), data=registration_data(**data), cv=cv_file())


def verified(person, email):
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=False)
    return person


def code_for(school, network, **fields):
    [code] = services.generate_waiver_codes(
        network=network,
        count=1,
        max_uses=fields.pop("max_uses", 1),
        expires_on=fields.pop("expires_on", timezone.localdate() + datetime.timedelta(days=30)),
        issued_to="Circle U. office, University of Oslo",
        offering=fields.pop("offering", None),
        by=StaffFactory(),
    )
    return code


def test_an_outsider_picking_a_member_university_gets_no_waiver_but_a_pending_one(circle_school):
    school, oslo, circle = circle_school
    outsider = StudentFactory(email="someone@gmail.com")
    reg = register(school, outsider, institution=oslo, institution_name="")
    assert (reg.state, reg.fee, reg.fee_waived_by) == (State.ACCEPTED, Decimal("450"), None)
    assert reg.waiver_pending_for == circle and reg.waiver_is_pending
    # Typing the name instead of picking it changes nothing: pending, full fee.
    typed = register(school, institution=None, institution_name="University of Oslo")
    assert (typed.institution, typed.fee, typed.waiver_pending_for) == (oslo, Decimal("450"), circle)
    # An address at another domain proves nothing.
    with pytest.raises(services.RegistrationError, match="University of Oslo"):
        services.prove_waiver(reg, by=outsider)


def test_the_fee_preview_equals_what_is_charged(circle_school):
    school, oslo, _circle = circle_school
    member = verified(StudentFactory(), "ola@student.uio.no")
    outsider = StudentFactory()
    assert selectors.proven_institution_ids(school, member) == [oslo.pk]
    assert selectors.proven_institution_ids(school, outsider) == []
    assert (
        selectors.fee_for(school, oslo, participant=member)[0]
        == register(school, member, institution=oslo).fee
        == 0
    )
    assert (
        selectors.fee_for(school, oslo, participant=outsider)[0]
        == register(school, outsider, institution=oslo).fee
    )
    assert selectors.fee_for(school, oslo, participant=outsider)[0] == Decimal("450")


def test_a_member_proves_it_by_a_verified_address_at_the_domain(circle_school):
    school, oslo, circle = circle_school
    member = verified(StudentFactory(), "kari@uio.no")
    reg = register(school, member, institution=oslo, institution_name="")
    assert (reg.state, reg.fee, reg.fee_waived_by, reg.waiver_proof) == (
        State.CONFIRMED,
        Decimal("0"),
        circle,
        WaiverProof.EMAIL_DOMAIN,
    )
    # An unverified address is no proof.
    unverified = StudentFactory()
    EmailAddress.objects.create(user=unverified, email="nils@uio.no", verified=False, primary=False)
    assert register(school, unverified, institution=oslo).fee == Decimal("450")


def test_a_member_proves_it_afterwards_once_the_address_is_verified(circle_school, client):
    school, oslo, _circle = circle_school
    person = StudentFactory()
    reg = register(school, person, institution=oslo)
    assert reg.state == State.ACCEPTED
    verified(person, "kari@uio.no")
    client.force_login(person)
    page = client.get(reg.get_absolute_url()).content.decode()
    assert "Fee waiver pending" in page and "a waiver code from your network" in page
    client.post(reverse("summerschool:prove_waiver", args=[reg.pk]))
    reg.refresh_from_db()
    assert (reg.state, reg.fee, reg.waiver_proof, reg.waiver_pending_for) == (
        State.CONFIRMED,
        Decimal("0"),
        WaiverProof.EMAIL_DOMAIN,
        None,
    )


def test_a_member_proves_it_with_a_single_use_code_which_then_is_used_up(circle_school):
    school, oslo, circle = circle_school
    code = code_for(school, circle)
    reg = register(school, institution=oslo, waiver_code=code)
    assert (reg.state, reg.fee, reg.waiver_proof, reg.waiver_code) == (
        State.CONFIRMED,
        Decimal("0"),
        WaiverProof.CODE,
        code,
    )
    with pytest.raises(services.RegistrationError, match="used as many times as allowed"):
        register(school, institution=oslo, waiver_code=code)
    # A cancelled registration gives its use back.
    services.cancel(reg, by=reg.participant)
    assert register(school, institution=oslo, waiver_code=code).fee == 0


def test_expired_foreign_and_unknown_codes_are_refused_on_the_form(circle_school, client):
    school, oslo, circle = circle_school
    expired = code_for(school, circle, expires_on=timezone.localdate())
    other_school = SummerSchoolFactory(fee=Decimal("900"))
    other_school.waiver_networks.add(circle)
    foreign = code_for(other_school, circle, offering=other_school)
    client.force_login(StudentFactory())
    url = reverse("summerschool:register", args=[school.slug])
    for typed, message in [
        ("NOPE-NOPE-NOPE", "This waiver code is unknown"),
        (foreign.code, "for another programme"),
    ]:
        response = client.post(
            url, {**registration_data(), "institution": oslo.pk, "cv": cv_file(), "waiver_code": typed}
        )
        assert response.status_code == 200 and message in response.content.decode()
    assert not school.registrations.exists()
    # Still valid on its last day, typed in lower case without dashes.
    response = client.post(
        url,
        {
            **registration_data(),
            "institution": oslo.pk,
            "cv": cv_file(),
            "waiver_code": expired.code.replace("-", "").lower(),
        },
    )
    assert response.status_code == 302 and school.registrations.get().fee == 0


def test_a_multi_use_code_serves_as_many_members_as_allowed(circle_school):
    school, _oslo, circle = circle_school
    code = code_for(school, circle, max_uses=2)
    assert [register(school, waiver_code=code).fee for _ in range(2)] == [0, 0]
    with pytest.raises(services.RegistrationError):
        register(school, waiver_code=code)


def test_staff_decide_a_waiver_in_the_admin(circle_school, client):
    school, oslo, circle = circle_school
    reg = register(school, institution=oslo)
    staff = StaffFactory()
    client.force_login(staff)
    client.post(
        reverse("admin:summerschool_registration_changelist"),
        {"action": "grant_waiver", "_selected_action": [reg.pk]},
    )
    reg.refresh_from_db()
    assert (reg.state, reg.fee, reg.waiver_proof, reg.fee_waived_by) == (
        State.CONFIRMED,
        Decimal("0"),
        WaiverProof.STAFF,
        circle,
    )


def test_a_waiver_after_a_payment_is_refused(circle_school):
    school, oslo, _circle = circle_school
    reg = register(school, institution=oslo)
    services.record_payment(
        reg, amount=Decimal("100"), paid_on=timezone.localdate(), bank_reference="VIR-1", by=None
    )
    with pytest.raises(services.RegistrationError, match="refund"):
        services.prove_waiver(reg, by=StaffFactory(), staff_decision=True)


def test_staff_generate_and_export_codes_in_the_admin(circle_school, client):
    school, _oslo, circle = circle_school
    client.force_login(StaffFactory())
    expires = timezone.localdate() + datetime.timedelta(days=60)
    response = client.post(
        reverse("admin:summerschool_waivercode_generate"),
        {
            "network": circle.pk,
            "offering": school.pk,
            "issued_to": "Circle U. office, Aarhus",
            "count": 3,
            "max_uses": 1,
            "expires_on": expires.isoformat(),
        },
    )
    assert response.status_code == 302
    codes = list(circle.waiver_codes.all())
    assert len(codes) == 3 and {c.expires_on for c in codes} == {expires}
    export = client.post(
        reverse("admin:summerschool_waivercode_changelist"),
        {"action": "export_csv", "_selected_action": [c.pk for c in codes]},
    )
    lines = export.content.decode().splitlines()
    assert lines[0] == "code,network,programme,issued_to,uses_allowed,uses,valid_until"
    assert sorted(line.split(",")[0] for line in lines[1:]) == sorted(c.code for c in codes)
    # A past expiry is refused with its reason, nothing generated.
    response = client.post(
        reverse("admin:summerschool_waivercode_generate"),
        {"network": circle.pk, "issued_to": "x", "count": 2, "max_uses": 1, "expires_on": "2020-01-01"},
    )
    assert "The expiry date is in the past." in response.content.decode()
    assert circle.waiver_codes.count() == 3
