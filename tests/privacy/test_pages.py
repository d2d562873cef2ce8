"""The privacy notice (generated from the settings), its links, and the office's admin pages."""

import pytest
from django.urls import reverse

from privacy import services
from privacy.models import DataRequest, LegalHold
from tests.factories import StudentFactory, SupervisorFactory

pytestmark = pytest.mark.django_db


def test_notice_follows_the_settings_in_english_and_french(client, settings):
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "dpo@u-paris.fr" in page
    assert "10 years after the payment" in page and "6 months after a rejection" in page
    settings.PRIVACY_RETENTION = {**settings.PRIVACY_RETENTION, "payment_years": 11}
    assert "11 years after the payment" in client.get(reverse("privacy:notice")).content.decode()

    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "Politique de confidentialité" in page and "11 ans après le paiement" in page


def test_footer_and_account_menu_link_to_privacy(client):
    assert reverse("privacy:notice") in client.get(reverse("core:home")).content.decode()
    client.force_login(StudentFactory())
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("privacy:my_data") in page


def test_my_data_page_needs_login(client):
    response = client.get(reverse("privacy:my_data"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_register_and_runs_in_the_admin(world, client):
    services.apply_retention()
    client.force_login(world["staff"])
    page = client.get(reverse("admin:privacy_processingregister_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Record of processing" in text and "Legal obligation" in text
    rows = {row["category"].key: row["count"] for row in page.context["rows"]}
    assert (
        rows["documents"] == 4
    )  # three uploads and a letter and rows["payments"] == 1 and rows["certificates"] == 1
    runs = client.get(reverse("admin:privacy_retentionrun_changelist"))
    assert runs.status_code == 200 and "Retention rules in force" in runs.content.decode()


def test_staff_see_what_blocks_an_erasure_and_confirm_it(world, client):
    participant = world["paid"].participant
    request = services.request_erasure(participant)
    client.force_login(world["staff"])
    page = client.get(reverse("admin:privacy_datarequest_change", args=[request.pk])).content.decode()
    assert "still open" not in page and "accounting" in page  # the school is over; payments kept

    held = LegalHold.objects.create(user=participant, reason="Dispute", set_by=world["staff"])
    response = client.post(
        reverse("admin:privacy_datarequest_changelist"),
        {"action": "confirm_erasure", "_selected_action": [request.pk]},
        follow=True,
    )
    assert "not erased" in response.content.decode()
    services.lift_hold(held)
    client.post(
        reverse("admin:privacy_datarequest_changelist"),
        {"action": "confirm_erasure", "_selected_action": [request.pk]},
    )
    assert DataRequest.objects.get(pk=request.pk).status == "done"


def test_supervisors_do_not_see_personal_data_matters(client):
    client.force_login(SupervisorFactory())
    assert client.get(reverse("admin:privacy_processingregister_changelist")).status_code == 403
    assert client.get(reverse("admin:privacy_datarequest_changelist")).status_code == 403


def test_signup_form_links_to_the_notice(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'data-testid="privacy-note"' in page and reverse("privacy:notice") in page
    assert page.count("Sign Up") >= 1


def test_an_erasure_request_without_the_box_ticked_opens_on_the_error_summary(client):
    student = StudentFactory()
    client.force_login(student)
    response = client.post(reverse("privacy:request_erasure"), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-error-summary" in page
    assert 'href="#id_confirm"' in page
    assert (
        "will be deleted once the office confirms: Tick the box to confirm that you want your data erased."
        in page
    )
    assert 'id="id_confirm"' in page, "the link reaches the box"
    assert not DataRequest.objects.filter(user=student).exists()
