import re
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from mobility import services
from mobility import tasks as tasks_letters
from mobility.models import AcceptanceLetter, Status
from mobility.services import records as services_records
from partners.models import Direction
from tests.factories import CoordinatorFactory, StudentFactory

from .factories import CallFactory
from .factories_records import under_review

pytestmark = pytest.mark.django_db


def pdf_text(field_file, tmp_path):
    path = tmp_path / "letter.pdf"
    with field_file.open("rb") as fh:
        path.write_bytes(fh.read())
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    # A line may end on the hyphen of "long-stay" (where depends on the length of the name).
    return re.sub(r"-\n\s*", "-", text)


def accept(application, staff, captured):
    with captured(execute=True):
        services.transition(application, Status.ACCEPTED, by=staff, comment="Welcome", notify=False)
    application.refresh_from_db()
    return application


def test_accepting_produces_exactly_one_letter_naming_the_student_and_programme(
    staff, django_capture_on_commit_callbacks, tmp_path
):
    application = under_review(staff, first_name="Léa", last_name="Dubois-Martin")
    assert not AcceptanceLetter.objects.exists()
    accept(application, staff, django_capture_on_commit_callbacks)
    letter = AcceptanceLetter.objects.get()
    assert letter.application == application and letter.generations == 1
    text = pdf_text(letter.file, tmp_path)
    assert "Léa Dubois-Martin" in text
    assert "Erasmus+ academic exchange" in text
    assert "UPCité Medical School" in text and "15 rue de l'École de Médecine" in text
    assert "Head of International Relations" in text
    assert application.allocated_agreement.institution.name in text
    assert "visa" not in text.lower()  # outgoing: no visa paragraph

    # The task running again (a retry, a second worker) leaves the same single letter and file.
    first_file = letter.file.name
    tasks_letters.generate_acceptance_letter.delay(application.pk)
    tasks_letters.generate_acceptance_letter(application.pk)
    assert AcceptanceLetter.objects.count() == 1
    letter.refresh_from_db()
    assert letter.file.name == first_file and letter.generations == 1


def test_regenerating_keeps_the_row_and_uses_corrected_details(
    staff, django_capture_on_commit_callbacks, tmp_path
):
    application = accept(under_review(staff), staff, django_capture_on_commit_callbacks)
    letter = AcceptanceLetter.objects.get()
    old_name = letter.file.name
    letter.host_department = "Department of Emergency Medicine"
    letter.save()
    with django_capture_on_commit_callbacks(execute=True):
        again = services_records.generate_acceptance_letter(application.pk, regenerate=True)
    assert again.pk == letter.pk and AcceptanceLetter.objects.count() == 1
    assert again.generations == 2 and again.file.name != old_name
    assert not again.file.storage.exists(old_name)
    assert "Department of Emergency Medicine" in pdf_text(again.file, tmp_path)


def test_incoming_letter_carries_the_visa_mention(staff, django_capture_on_commit_callbacks, tmp_path):
    call = CallFactory(direction=Direction.INCOMING)
    application = accept(under_review(staff, call=call), staff, django_capture_on_commit_callbacks)
    text = " ".join(pdf_text(application.acceptance_letter.file, tmp_path).split())
    assert "long-stay student visa" in text
    assert application.allocated_agreement.institution.name in text  # the home university


def test_no_letter_for_an_application_that_is_not_accepted(staff):
    application = under_review(staff)
    assert services_records.generate_acceptance_letter(application.pk) is None
    services.transition(application, Status.REJECTED, by=staff, notify=False)
    assert tasks_letters.generate_acceptance_letter(application.pk) is None
    assert not AcceptanceLetter.objects.exists()


def test_the_owner_gets_the_pdf_and_another_student_gets_404(
    client, staff, django_capture_on_commit_callbacks
):
    application = accept(under_review(staff), staff, django_capture_on_commit_callbacks)
    url = reverse("mobility:acceptance_letter", args=[application.pk])

    client.force_login(StudentFactory())
    assert client.get(url).status_code == 404

    client.force_login(CoordinatorFactory())  # a coordinator of no institution of this student
    assert client.get(url).status_code == 404

    client.logout()
    assert client.get(url).status_code == 302  # to the login page

    client.force_login(application.student)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_letter_is_rendered_on_demand_when_the_task_has_not_run(client, staff):
    application = under_review(staff)
    services.transition(application, Status.ACCEPTED, by=staff, notify=False)  # on_commit never fires here
    assert not AcceptanceLetter.objects.exists()
    client.force_login(application.student)
    response = client.get(reverse("mobility:acceptance_letter", args=[application.pk]))
    assert response.status_code == 200
    assert AcceptanceLetter.objects.count() == 1


def test_no_letter_once_withdrawn(client, staff, django_capture_on_commit_callbacks):
    application = accept(under_review(staff), staff, django_capture_on_commit_callbacks)
    services.transition(application, Status.WITHDRAWN, by=application.student, notify=False)
    client.force_login(application.student)
    assert client.get(reverse("mobility:acceptance_letter", args=[application.pk])).status_code == 404


def test_staff_download_through_the_same_permission(client, staff, django_capture_on_commit_callbacks):
    application = accept(under_review(staff), staff, django_capture_on_commit_callbacks)
    client.force_login(staff)
    assert client.get(reverse("mobility:acceptance_letter", args=[application.pk])).status_code == 200


def test_the_letter_view_asks_the_permission_layer(client, staff, django_capture_on_commit_callbacks):
    """The view asks mobility.view_application (mobility/rules.py): widen the rule, the view follows."""
    import rules

    application = accept(under_review(staff), staff, django_capture_on_commit_callbacks)
    coordinator = CoordinatorFactory()
    original = rules.permissions.permissions["mobility.view_application"]
    rules.set_perm("mobility.view_application", original | rules.predicate(lambda u: u.pk == coordinator.pk))
    try:
        client.force_login(coordinator)
        assert client.get(reverse("mobility:acceptance_letter", args=[application.pk])).status_code == 200
    finally:
        rules.set_perm("mobility.view_application", original)
    assert client.get(reverse("mobility:acceptance_letter", args=[application.pk])).status_code == 404


# --- PDF failures, retries and the sweep ------------------------------------------------------


@pytest.fixture
def static_files_missing(monkeypatch):
    """Every static file of a PDF is missing (as when the manifest and the fetcher disagreed)."""
    monkeypatch.setattr("core.pdf.static_asset_path", lambda name: None)


def test_a_letter_that_cannot_be_rendered_gives_a_clear_page_not_a_500(
    client, staff, static_files_missing, caplog
):
    application = under_review(staff)
    services.transition(application, Status.ACCEPTED, by=staff, notify=False)  # on_commit never fires here
    client.force_login(application.student)
    url = reverse("mobility:acceptance_letter", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 503
    page = response.content.decode()
    assert 'data-testid="pdf-unavailable"' in page and "Nothing is lost" in page
    assert f"Acceptance letter of application {application.pk} could not be rendered" in caplog.text
    assert not AcceptanceLetter.objects.exclude(file="").exists()
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "fr"})
    page = client.get(url).content.decode()
    assert "Rien n’est perdu" in page


def test_the_letter_task_is_retried_then_gives_up_without_raising(
    staff, static_files_missing, django_capture_on_commit_callbacks, caplog
):
    application = under_review(staff)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs (eagerly), retries, gives up
        services.transition(application, Status.ACCEPTED, by=staff, notify=False)
    assert caplog.text.count(f"Acceptance letter of application {application.pk} failed, retrying") == 3
    assert "failed after 3 retries" in caplog.text
    assert not AcceptanceLetter.objects.exclude(file="").exists()


def test_the_sweep_produces_the_letters_whose_task_was_lost(staff, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    lost = under_review(staff)
    services.transition(lost, Status.ACCEPTED, by=staff, notify=False)  # the task never ran
    rejected = under_review(staff)
    services.transition(rejected, Status.REJECTED, by=staff, notify=False)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services_records.sweep_acceptance_letters(now=now + datetime.timedelta(minutes=2)) == 0
        )  # too early
    with django_capture_on_commit_callbacks(execute=True):
        assert services_records.sweep_acceptance_letters(now=now + datetime.timedelta(minutes=11)) == 1
    letter = AcceptanceLetter.objects.get()
    assert letter.application == lost and letter.file and letter.generations == 1
    with django_capture_on_commit_callbacks(execute=True):  # nothing missing any more
        assert services_records.sweep_acceptance_letters(now=now + datetime.timedelta(minutes=30)) == 0
    # Decisions older than the lookback are history: the archive is not re-rendered.
    AcceptanceLetter.objects.all().delete()
    assert services_records.sweep_acceptance_letters(now=now + datetime.timedelta(days=31)) == 0


def test_the_letter_sweep_is_scheduled_every_five_minutes():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="mobility.sweep_acceptance_letters")
    assert task.enabled and (task.interval.every, task.interval.period) == (5, "minutes")
