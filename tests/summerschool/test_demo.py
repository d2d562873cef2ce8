import datetime
import io
import pathlib

import pytest
from django.core.management import call_command

from summerschool.models import Certificate, Registration, State, SummerSchool


@pytest.mark.django_db
def test_demo_is_idempotent_and_covers_the_brochure(django_capture_on_commit_callbacks):
    from summerschool import demo

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    counts = (SummerSchool.objects.count(), Registration.objects.count(), Certificate.objects.count())
    demo.seed(io.StringIO())
    assert (SummerSchool.objects.count(), Registration.objects.count(), Certificate.objects.count()) == counts

    hands = SummerSchool.objects.get(slug="hands-on-clinical-medicine-emergencies-2026")
    assert (hands.starts_on.isoformat(), hands.ends_on.isoformat()) == ("2026-07-06", "2026-07-17")
    assert "AFGSU 2" in hands.extra_certification and hands.ects == 5
    fees = set(SummerSchool.objects.filter(slug__contains="2026").values_list("fee", flat=True))
    assert min(fees) == 2500 and max(fees) == 3100
    circle = SummerSchool.objects.get(slug="circle-u-rethinking-global-health-2027")
    assert circle.waiver_networks.filter(slug="circle-u").exists()
    states = set(Registration.objects.values_list("state", flat=True))
    assert {State.ACCEPTED, State.CONFIRMED, State.WAITLISTED, State.COMPLETED} <= states
    assert (
        Certificate.objects.exclude(pdf="").count()
        == Registration.objects.filter(state=State.COMPLETED).count()
    )

    # Issue 17: the demo participant's paid registration with its invoice, a waiver code that
    # works, an Erasmus+ session open for registration, a bank statement file to try the matching.
    from django.conf import settings

    from summerschool import services
    from summerschool.models import BankLineStatus, Offering, OfferingKind, WaiverCode
    from tests.factories import StaffFactory

    paid = Registration.objects.filter(participant__email="student@iro.example", payments__isnull=False)
    assert paid.filter(invoices__kind="invoice").exists()
    assert WaiverCode.objects.get(code=demo.DEMO_WAIVER_CODE).refusal_for(circle) == ""
    autumn = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)  # the demo's time (its 2026-27 calendar)
    assert any(
        session.registration_is_open(autumn) and session.starts_on > autumn.date()
        for session in Offering.objects.published().filter(kind=OfferingKind.PROJECT_ACTIVITY)
    ), "an upcoming project session open for registration"
    statement = pathlib.Path(settings.PRIVATE_MEDIA_ROOT) / "demo" / "bank-statement.csv"
    counts = services.import_statement(name=statement.name, data=statement.read_bytes(), by=StaffFactory())
    assert counts[BankLineStatus.MATCHED] >= 1 and counts[BankLineStatus.PARTIAL] == 1
    assert counts[BankLineStatus.UNMATCHED] == 1


@pytest.mark.django_db
def test_every_demo_participant_says_where_they_study(client, django_capture_on_commit_callbacks):
    """Staff's registration lists showed a blank institution for half the demo's participants."""
    from tests.factories import StaffFactory

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    registrations = Registration.objects.filter(offering__kind="summer_school")
    assert registrations.count() >= 15
    assert [r.participant.email for r in registrations if not r.institution_label] == []
    assert registrations.filter(institution__isnull=False).exists()  # chosen from the partners' list
    # Staff open a registration of the 2027 school: it says where the participant studies.
    registration = registrations.get(participant__email="participant08@iro.example")
    client.force_login(StaffFactory(is_superuser=True))
    page = client.get(f"/admin/summerschool/registration/{registration.pk}/change/").content.decode()
    assert registration.institution_label in page


@pytest.mark.django_db
def test_the_demo_histories_read_in_order(django_capture_on_commit_callbacks):
    """A past edition's participant read 'Confirmed → Completed' above 'Accepted → Confirmed': the
    payment was recorded on the day the demo was loaded, the completion dated before it."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    for registration in Registration.objects.filter(state=State.COMPLETED):
        moves = list(registration.transitions.order_by("at", "pk").values_list("to_state", flat=True))
        assert moves == [State.SUBMITTED, State.ACCEPTED, State.CONFIRMED, State.COMPLETED], moves
        completed = registration.transitions.get(to_state=State.COMPLETED).at
        assert completed.date() > registration.offering.ends_on  # after the school, not on load day
