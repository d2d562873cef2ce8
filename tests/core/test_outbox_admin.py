"""Staff follow what the portal sent each person, without reading keys meant for that person."""

import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from post_office.models import STATUS, Email

from core.emails import deliver_queued, queue_message
from tests.factories import StaffFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queue(to, subject, body="Use this key: SECRET-RESET-KEY"):
    return queue_message(EmailMultiAlternatives(subject=subject, body=body, to=[to]))


def test_the_user_page_lists_the_emails_sent_to_that_person_and_whether_they_went_out(client, settings):
    student = StudentFactory(email="ann@example.org")
    StudentFactory(email="joann@example.org")
    _queue("ann@example.org", "Your application was received")
    deliver_queued()
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.core.failing_backend.FailingBackend"},
        "MAX_RETRIES": 0,
    }
    _queue("ann@example.org", "Reset your password")
    _queue("joann@example.org", "Someone else's email")
    deliver_queued()

    client.force_login(StaffFactory())
    page = client.get(reverse("admin:accounts_user_change", args=[student.pk])).content.decode()
    assert "Emails sent to this person" in page
    assert "Your application was received" in page and "Reset your password" in page
    assert "Someone else" not in page, "joann@ is not ann@"
    assert "sent" in page and "failed" in page
    assert "SECRET-RESET-KEY" not in page


def test_staff_see_failures_and_the_servers_answer_but_never_a_body(client, settings):
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.core.failing_backend.FailingBackend"},
        "MAX_RETRIES": 0,
    }
    email = _queue("ann@example.org", "Reset your password")
    deliver_queued()
    client.force_login(StaffFactory())
    listing = client.get(reverse("admin:post_office_email_changelist") + "?status__exact=1").content.decode()
    assert "Reset your password" in listing
    change = client.get(reverse("admin:post_office_email_change", args=[email.pk])).content.decode()
    assert "SMTP server said no" in change
    assert "SECRET-RESET-KEY" not in change
    preview = client.get(reverse("admin:post_office_email_preview", args=[email.pk]))
    assert preview.status_code == 403
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert (
        "SECRET-RESET-KEY"
        in client.get(reverse("admin:post_office_email_change", args=[email.pk])).content.decode()
    )


def test_staff_send_a_failed_email_again(client, settings, mailoutbox, django_capture_on_commit_callbacks):
    failing = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.core.failing_backend.FailingBackend"},
        "MAX_RETRIES": 0,
    }
    working = settings.POST_OFFICE
    settings.POST_OFFICE = failing
    email = _queue("ann@example.org", "Your letter")
    deliver_queued()
    assert Email.objects.get(pk=email.pk).status == STATUS.failed
    settings.POST_OFFICE = working  # the mail server is back
    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:post_office_email_changelist"),
            {"action": "send_again", "_selected_action": [email.pk]},
            follow=True,
        )
    assert "1 email queued again." in response.content.decode()
    assert Email.objects.get(pk=email.pk).status == STATUS.sent
    assert [m.subject for m in mailoutbox] == ["Your letter"]


def test_supervisors_and_students_have_no_outbox(client):
    from tests.factories import SupervisorFactory

    for person in (SupervisorFactory(), StudentFactory()):
        client.force_login(person)
        response = client.get(reverse("admin:post_office_email_changelist"))
        assert response.status_code in (302, 403)
