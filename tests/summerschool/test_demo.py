import io

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
