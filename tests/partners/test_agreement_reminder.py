"""Staff reminder: agreements ending within 6 months with no successor (reminders app)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from partners.deadlines import AGREEMENT_ENDING
from partners.models import AgreementKind
from reminders.services import run_reminders
from tests.factories import AgreementFactory, InstitutionFactory, StaffFactory, StudentFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def at(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return run_reminders(now=now)[AGREEMENT_ENDING]

    return run


def test_staff_are_told_once_of_an_agreement_ending_within_6_months_with_no_successor(sweep, mailoutbox):
    staff = StaffFactory(language="fr")
    other_staff = StaffFactory()
    StudentFactory()
    ending = AgreementFactory(valid_from_year=2023, valid_to_year=2026)  # last day 31 August 2027

    assert sweep(at(2027, 2, 28, 12)) == 0  # more than 6 months before
    assert sweep(at(2027, 3, 3, 9)) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([staff.email, other_staff.email])
    french = next(m for m in mailoutbox if m.to == [staff.email])
    assert "31 août 2027" in french.body and ending.institution.name in french.subject
    assert f"/admin/partners/agreement/{ending.pk}/change/" in french.body
    assert sweep(at(2027, 3, 10, 9)) == 0  # once
    assert sweep(at(2027, 9, 2, 9)) == 0  # never after it ended

    # Extended by a year: a new last day, a new reminder.
    ending.valid_to_year = 2027
    ending.save()
    assert sweep(at(2028, 3, 3, 9)) == 2


def test_no_reminder_when_a_successor_is_signed_or_for_another_kind(sweep):
    StaffFactory()
    institution = InstitutionFactory()
    AgreementFactory(institution=institution, valid_from_year=2023, valid_to_year=2026)
    AgreementFactory(institution=institution, valid_from_year=2027, valid_to_year=2031)
    other = InstitutionFactory()
    AgreementFactory(institution=other, valid_from_year=2023, valid_to_year=2026)
    AgreementFactory(
        institution=other, kind=AgreementKind.CLINICAL_PLACEMENT, valid_from_year=2027, valid_to_year=2031
    )
    AgreementFactory(institution=other, valid_from_year=2027, valid_to_year=2031, is_signed=False)
    assert sweep(at(2027, 6, 1, 9)) == 1  # only `other`'s exchange agreement: no signed successor of its kind
