"""The back office: every page opens for IRO staff; payments recorded there go through the service."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from summerschool import services
from summerschool.models import CertificateRun, Payment, State
from tests.factories import StaffFactory

from .factories import RegistrationFactory, SummerSchoolFactory

pytestmark = pytest.mark.django_db
DATETIMES = ("registration_opens", "registration_closes")


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_staff_open_every_summer_school_page(staff_client):
    registration = RegistrationFactory(state=State.ACCEPTED, payment_due=datetime.date(2026, 1, 1))
    payment = Payment.objects.create(
        registration=registration, amount=100, paid_on=datetime.date(2026, 1, 2), bank_reference="R1"
    )
    run = CertificateRun.objects.create(offering=registration.offering, total=2, done=1)
    urls = [
        reverse("admin:summerschool_summerschool_changelist"),
        reverse("admin:summerschool_summerschool_add"),
        reverse("admin:summerschool_summerschool_change", args=[registration.offering.pk]),
        reverse("admin:summerschool_registration_changelist"),
        reverse("admin:summerschool_registration_changelist") + "?due=overdue",
        reverse("admin:summerschool_registration_change", args=[registration.pk]),
        reverse("admin:summerschool_payment_changelist"),
        reverse("admin:summerschool_payment_add") + f"?registration={registration.pk}",
        reverse("admin:summerschool_payment_change", args=[payment.pk]),
        reverse("admin:summerschool_certificate_changelist"),
        reverse("admin:summerschool_certificaterun_changelist"),
        reverse("admin:summerschool_certificaterun_progress", args=[run.pk]),
    ]
    for url in urls:
        assert staff_client.get(url).status_code == 200, url


def test_overdue_filter_shows_only_late_unpaid_registrations(staff_client):
    late = RegistrationFactory(state=State.ACCEPTED, payment_due=datetime.date(2020, 1, 1))
    on_time = RegistrationFactory(state=State.ACCEPTED, payment_due=datetime.date(2099, 1, 1))
    response = staff_client.get(reverse("admin:summerschool_registration_changelist") + "?due=overdue")
    ids = [r.pk for r in response.context["cl"].result_list]
    assert ids == [late.pk] and on_time.pk not in ids


def test_recording_a_payment_in_the_admin_confirms_and_refuses_a_waitlisted_one(
    staff_client, django_capture_on_commit_callbacks
):
    school = SummerSchoolFactory(capacity=1)
    from .factories import cv_file, registration_data

    accepted = services.register(school, StaffFactory(), data=registration_data(), cv=cv_file())
    waiting = services.register(school, StaffFactory(), data=registration_data(), cv=cv_file())
    url = reverse("admin:summerschool_payment_add")
    form = {"amount": "2500.00", "paid_on": "2026-03-01", "bank_reference": "VIR-1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {**form, "registration": accepted.pk})
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.state == State.CONFIRMED and accepted.payments.get().recorded_by is not None

    response = staff_client.post(url, {**form, "registration": waiting.pk})
    assert response.status_code == 200
    assert "only be recorded for an accepted registration" in response.content.decode()
    assert not waiting.payments.exists()


def test_bulk_completion_action_redirects_to_the_run_progress(
    staff_client, django_capture_on_commit_callbacks
):
    school = SummerSchoolFactory(finished=True)
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(2)]
    waiting = RegistrationFactory(offering=school, state=State.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:summerschool_registration_changelist"),
            {"action": "mark_completed", "_selected_action": [r.pk for r in [*regs, waiting]]},
        )
    run = CertificateRun.objects.get()
    assert response["Location"] == reverse("admin:summerschool_certificaterun_progress", args=[run.pk])
    run.refresh_from_db()
    assert (run.total, run.done) == (2, 2)
    waiting.refresh_from_db()
    assert waiting.state == State.WAITLISTED


def test_raising_capacity_in_the_admin_offers_the_new_seats(staff_client, django_capture_on_commit_callbacks):
    from .factories import cv_file, registration_data

    school = SummerSchoolFactory(capacity=1)
    for _ in range(2):
        services.register(school, StaffFactory(), data=registration_data(), cv=cv_file())
    url = reverse("admin:summerschool_summerschool_change", args=[school.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in DATETIMES}
    for name in DATETIMES:
        local = timezone.localtime(getattr(school, name))
        data[f"{name}_0"], data[f"{name}_1"] = local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")
    data.update(capacity=2, waiver_networks=[])
    data.update({"reminder_overrides-TOTAL_FORMS": 0, "reminder_overrides-INITIAL_FORMS": 0})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert school.registrations.filter(state=State.OFFERED).count() == 1


def test_a_payment_the_service_refuses_shows_a_form_error_not_a_500(staff_client):
    """The rule is only in services.record_payment: the admin shows its refusal on the form."""
    cancelled = RegistrationFactory(state=State.CANCELLED, fee=300)
    url = reverse("admin:summerschool_payment_add")
    form = {
        "registration": cancelled.pk,
        "amount": "300.00",
        "paid_on": "2026-03-01",
        "bank_reference": "VIR-9",
    }
    response = staff_client.post(url, form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == [
        "A payment can only be recorded for an accepted registration (this one is “Cancelled”)."
    ]
    assert 'class="errornote"' in response.content.decode()
    assert response.context["adminform"].form["bank_reference"].value() == "VIR-9"  # what was typed is kept
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("state", "shown"),
    [
        (State.ACCEPTED, True),
        (State.CONFIRMED, True),
        (State.COMPLETED, True),  # a transfer arriving after the school: the link was missing
        (State.NOT_COMPLETED, True),
        (State.SUBMITTED, False),
        (State.WAITLISTED, False),
        (State.CANCELLED, False),
    ],
)
def test_record_a_payment_link_on_every_payable_registration(staff_client, state, shown):
    registration = RegistrationFactory(state=state, fee=300)
    response = staff_client.get(reverse("admin:summerschool_registration_change", args=[registration.pk]))
    assert ("Record a payment" in response.content.decode()) is shown
