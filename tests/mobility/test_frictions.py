"""The frictions of the student flow that issue 14 (item 6) lists, each fixed where the rule lives."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mobility import selectors, services
from mobility.models import Application, Call, CriterionCheck, Status
from tests.factories import StaffFactory, StudentFactory

from .factories import ApplicationFactory, CallFactory, CriterionFactory, DocumentRequirementFactory, pdf_file
from .factories_nominations import incoming_call, nominate, partner
from .test_views import _inline_management

pytestmark = pytest.mark.django_db


def _step_url(application, step):
    return reverse("mobility:step", args=[application.pk, step])


def test_continue_my_application_resumes_at_the_first_step_not_finished(client):
    application = ApplicationFactory(call=DocumentRequirementFactory().call)
    client.force_login(application.student)
    dashboard = client.get(reverse("mobility:dashboard")).content.decode()
    assert f'href="{_step_url(application, "personal")}" data-testid="continue"' in dashboard

    services.save_draft(
        application,
        by=application.student,
        data={"date_of_birth": datetime.date(2003, 5, 17), "nationality": "FR"},
    )
    dashboard = client.get(reverse("mobility:dashboard")).content.decode()
    assert f'href="{_step_url(application, "academic")}" data-testid="continue"' in dashboard

    requirement = DocumentRequirementFactory()
    complete = ApplicationFactory(call=requirement.call, complete=True, student=application.student)
    detail = client.get(reverse("mobility:application", args=[complete.pk])).content.decode()
    assert f'href="{_step_url(complete, "documents")}" data-testid="continue"' in detail
    services.upload_document(complete, requirement, pdf_file(), by=complete.student)
    detail = client.get(reverse("mobility:application", args=[complete.pk])).content.decode()
    assert f'href="{reverse("mobility:review", args=[complete.pk])}" data-testid="continue"' in detail


def test_the_step_tabs_mark_the_finished_steps(client):
    application = ApplicationFactory(complete=True, motivation="too short")
    client.force_login(application.student)
    page = client.get(_step_url(application, "motivation")).content.decode()
    done = {step for step in ("personal", "academic", "preferences", "motivation", "documents")
            if f'data-testid="step-{step}"\n        data-done' in page}  # fmt: skip
    assert done == {"personal", "academic", "preferences", "documents"}
    assert page.count("(done)") == 4


def test_a_declaration_left_unticked_keeps_the_motivation_step_unfinished():
    application = ApplicationFactory(complete=True)
    assert "motivation" in selectors.completed_steps(application)
    criterion = CriterionFactory(call=application.call, checked_by=CriterionCheck.DECLARATION)
    application = selectors.application_queryset().get(pk=application.pk)
    assert "motivation" not in selectors.completed_steps(application)
    application.declarations = [criterion.pk]
    assert "motivation" in selectors.completed_steps(application)


def test_check_and_submit_shows_everything_that_will_be_sent(client):
    application = ApplicationFactory(complete=True, phone="+33 6 12 34 56 78", motivation="Cardiology " * 30)
    criterion = CriterionFactory(
        call=application.call, text="B2 in English", checked_by=CriterionCheck.DECLARATION
    )
    Application.objects.filter(pk=application.pk).update(declarations=[criterion.pk])
    client.force_login(application.student)
    page = client.get(reverse("mobility:review", args=[application.pk])).content.decode()
    for shown in ("+33 6 12 34 56 78", application.student_number, "Cardiology Cardiology", "B2 in English"):
        assert shown in page
    assert _step_url(application, "motivation") in page  # each part can be changed


def test_a_second_application_starts_with_the_personal_details_of_the_last():
    first = ApplicationFactory(complete=True, phone="+33 6 12 34 56 78", study_year=3)
    second = services.start_application(CallFactory(), by=first.student)
    assert (second.date_of_birth, second.nationality.code, second.phone, second.student_number) == (
        first.date_of_birth,
        "FR",
        "+33 6 12 34 56 78",
        first.student_number,
    )
    assert second.study_year is None and second.motivation == ""  # these change from one call to the next
    newcomer = StudentFactory(first_name="Inès", last_name="Martin")
    third = services.start_application(CallFactory(), by=newcomer)
    assert (third.first_name, third.last_name, third.phone) == ("Inès", "Martin", "")


def test_no_upload_button_once_a_draft_is_past_its_deadline_and_the_server_refuses(client):
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call, complete=True)
    client.force_login(application.student)
    assert 'type="file"' in client.get(_step_url(application, "documents")).content.decode()
    Call.objects.filter(pk=application.call_id).update(
        application_deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    page = client.get(_step_url(application, "documents")).content.decode()
    assert 'type="file"' not in page and ">Upload<" not in page
    url = reverse("mobility:upload", args=[application.pk, requirement.pk])
    response = client.post(url, {"file": pdf_file()})
    assert response.status_code == 400
    assert "can no longer be submitted" in response.content.decode()
    assert not application.documents.exists()


def test_an_empty_file_is_called_empty_and_the_summary_points_at_its_input(client):
    requirement = DocumentRequirementFactory(name="Transcript")
    application = ApplicationFactory(call=requirement.call)
    client.force_login(application.student)
    url = reverse("mobility:upload", args=[application.pk, requirement.pk])
    response = client.post(url, {"file": SimpleUploadedFile("empty.pdf", b"")})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The file is empty" in page
    assert f'href="#file-{requirement.pk}">Transcript: The file is empty' in page
    assert f'id="file-{requirement.pk}"' in page
    assert "data-error-summary" in page
    response = client.post(url, {})
    assert "Choose a file to upload." in response.content.decode()


def test_one_save_of_the_document_review_sends_one_email_listing_every_document(
    client, django_capture_on_commit_callbacks
):
    call = CallFactory()
    transcript = DocumentRequirementFactory(call=call, name="Transcript", order=0)
    passport = DocumentRequirementFactory(call=call, name="Passport", order=1)
    DocumentRequirementFactory(call=call, name="Language certificate", order=2)
    application = ApplicationFactory(call=call, complete=True)
    for requirement in (transcript, passport):
        services.upload_document(application, requirement, pdf_file(), by=application.student)
    client.force_login(StaffFactory())
    url = reverse("admin:mobility_application_change", args=[application.pk])
    form = _inline_management(client.get(url).content.decode())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                **form,
                "documents-0-status": "accepted",
                "documents-0-reason": "",
                "documents-1-status": "rejected",
                "documents-1-reason": "Expired.",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.endswith("Documents checked: 1 to replace")
    assert "- Transcript: Accepted" in message.body
    assert "- Passport: Rejected — Reason: Expired." in message.body
    assert "- Language certificate: missing" in message.body


def test_the_exchanges_page_shows_the_visitors_own_calls_first(client):
    CallFactory(title="Outgoing exchange")
    coordinator, _institution, agreement = partner()
    incoming_call(title="Incoming exchange", agreements=[agreement])

    def order(page):
        html = page.content.decode()
        return html.index('data-testid="audience-outgoing"') < html.index('data-testid="audience-incoming"')

    assert order(client.get(reverse("mobility:programmes")))  # visitors are first taken for our students
    assert "For our students" in client.get(reverse("mobility:programmes")).content.decode()
    client.force_login(StudentFactory())
    assert order(client.get(reverse("mobility:programmes")))
    client.force_login(coordinator)
    assert not order(client.get(reverse("mobility:programmes")))
    guest = ApplicationFactory(call=Call.objects.get(title="Incoming exchange"))
    client.force_login(guest.student)
    assert not order(client.get(reverse("mobility:programmes")))


def test_the_acceptance_letter_is_on_the_application_page(client):
    application = ApplicationFactory(complete=True, status=Status.ACCEPTED)
    client.force_login(application.student)
    page = client.get(reverse("mobility:application", args=[application.pk])).content.decode()
    assert reverse("mobility:acceptance_letter", args=[application.pk]) in page
    draft = ApplicationFactory(complete=True, student=application.student)
    page = client.get(reverse("mobility:application", args=[draft.pk])).content.decode()
    assert "acceptance-letter" not in page


def test_the_signup_after_a_nomination_invitation_is_prefilled(client):
    coordinator, institution, agreement = partner()
    call = incoming_call(agreements=[agreement])
    nomination = nominate(call, institution, coordinator, first_name="Lena", last_name="Hoffmann")
    client.get(reverse("mobility:nomination_invitation", args=[nomination.token]))
    page = client.get(reverse("account_signup")).content.decode()
    assert 'value="lena0@uni.example"' in page
    assert 'value="Lena"' in page and 'value="Hoffmann"' in page
    other = client.__class__()
    assert 'value="Lena"' not in other.get(reverse("account_signup")).content.decode()
