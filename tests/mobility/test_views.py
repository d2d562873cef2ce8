import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.emails import deliver_queued
from core.templatetags.paris_time import paris
from mobility import services
from mobility.models import Status
from tests.factories import AgreementFactory, StaffFactory, StudentFactory, SupervisorFactory

from .factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    DocumentRequirementFactory,
    fake_file,
    pdf_file,
)

pytestmark = pytest.mark.django_db


def test_deadlines_are_written_in_paris_time():
    from core.templatetags.paris_time import closes_in

    deadline = datetime.datetime(2026, 11, 1, 23, 59, tzinfo=timezone.get_default_timezone())
    assert paris(deadline) == "1 November 2026, 23:59 Paris time"
    assert closes_in(deadline, deadline - datetime.timedelta(days=12, hours=3)) == "closes in 12 days"
    assert closes_in(deadline, deadline - datetime.timedelta(hours=5)) == "closes in 5 hours"
    assert closes_in(deadline, deadline + datetime.timedelta(seconds=1)) == "closed"


def test_programmes_lists_open_calls_with_the_deadline_in_paris_time(client):
    deadline = timezone.now() + datetime.timedelta(days=12, hours=1)
    call = CallFactory(title="IMEP — UT Southwestern", application_deadline=deadline)
    closed = CallFactory(
        title="Closed call",
        application_deadline=timezone.now() - datetime.timedelta(seconds=1),
        opens_at=timezone.now() - datetime.timedelta(days=9),
    )
    response = client.get(reverse("mobility:programmes"))
    assert response.status_code == 200
    text = response.content.decode()
    open_part, _sep, closed_part = text.partition("Closed, decision pending")
    assert call.title in open_part and closed.title not in open_part
    assert closed.title in closed_part and "decision by" in closed_part
    assert f"closes in 12 days</strong> — {paris(deadline)}" in text
    detail = client.get(reverse("mobility:call", args=[call.pk, call.slug]))
    assert detail.status_code == 200 and "Log in to apply" in detail.content.decode()


def test_programmes_on_an_empty_database(client):
    response = client.get(reverse("mobility:programmes"))
    assert response.status_code == 200 and "No call is open" in response.content.decode()


def test_another_students_document_url_answers_404(client):
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call, complete=True)
    doc = services.upload_document(application, requirement, pdf_file(), by=application.student)
    url = reverse("mobility:document_file", args=[doc.pk])

    client.force_login(application.student)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    client.force_login(StudentFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("mobility:application", args=[application.pk])).status_code == 404
    assert client.post(reverse("mobility:delete_document", args=[doc.pk])).status_code == 404

    outsider = SupervisorFactory()  # a supervisor of another call
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    application.call.supervisors.add(outsider)
    assert client.get(url).status_code == 404  # still a draft: the student's own business
    services.submit(application, by=application.student)
    assert client.get(url).status_code == 200

    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200

    client.logout()
    assert client.get(url).status_code in (302, 404)


def test_upload_refuses_a_disguised_file_with_a_clear_message(client):
    requirement = DocumentRequirementFactory(name="Passport")
    application = ApplicationFactory(call=requirement.call)
    client.force_login(application.student)
    response = client.post(
        reverse("mobility:upload", args=[application.pk, requirement.pk]),
        {"file": fake_file("passport.pdf")},
        follow=True,
    )
    assert "is not a PDF, JPEG, PNG file" in response.content.decode()
    assert application.documents.count() == 0


def test_form_steps_save_a_draft_and_submission_explains_what_is_missing(client):
    call = CallFactory()
    student = StudentFactory()
    client.force_login(student)
    response = client.post(reverse("mobility:start", args=[call.pk]))
    application = student.applications.get()
    assert response.url == reverse("mobility:step", args=[application.pk, "personal"])
    client.post(
        reverse("mobility:step", args=[application.pk, "personal"]),
        {
            "first_name": "Léa",
            "last_name": "Dubois",
            "date_of_birth": "2003-05-17",
            "nationality": "FR",
            "leave": "1",
        },
    )
    application.refresh_from_db()
    assert application.date_of_birth == datetime.date(2003, 5, 17)
    response = client.post(reverse("mobility:review", args=[application.pk]))
    assert response.status_code == 400
    text = response.content.decode()
    assert "cannot be submitted yet" in text and "Academic situation: give your student number" in text
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_student_dashboard_query_count_does_not_grow(client, django_assert_max_num_queries):
    student = StudentFactory()
    client.force_login(student)

    staff = StaffFactory()

    def add(n):
        # Every kind of row: decided with a place and a letter-worthy status, checked by staff, plain.
        for i in range(n):
            requirement = DocumentRequirementFactory()
            application = ApplicationFactory(call=requirement.call, student=student, complete=True)
            services.upload_document(application, requirement, pdf_file(), by=student)
            services.submit(application, by=student)
            if i % 3 == 0:
                services.transition(application, Status.UNDER_REVIEW, by=staff)
                services.transition(application, Status.ACCEPTED, by=staff)
            elif i % 3 == 1:
                criterion = CriterionFactory(call=application.call)
                services.assess_criterion(application, criterion, result="met", note="Seen.", by=staff)

    add(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("mobility:dashboard")).status_code == 200
    add(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("mobility:dashboard"))
    assert response.content.decode().count('data-testid="timeline"') == 12


def test_admin_changelist_query_count_does_not_grow(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = StaffFactory()
    client.force_login(staff)

    def add(n):
        # Several calls; places allocated, documents received, staff checks: every column filled.
        for i in range(n):
            requirement = DocumentRequirementFactory()
            application = ApplicationFactory(call=requirement.call, complete=True)
            services.submit(application, by=application.student)
            if i % 3 == 0:
                services.upload_document(application, requirement, pdf_file(), by=application.student)
                services.transition(application, Status.UNDER_REVIEW, by=staff)
                services.transition(application, Status.ACCEPTED, by=staff)
            elif i % 3 == 1:
                criterion = CriterionFactory(call=application.call)
                services.assess_criterion(application, criterion, result="not_met", note="", by=staff)

    add(3)
    url = reverse("admin:mobility_application_changelist")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="action-checkbox"') == 12


def test_admin_bulk_action_asks_for_a_comment_then_moves_and_emails(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    call = CallFactory()
    apps = []
    for _i in range(3):
        a = ApplicationFactory(call=call, complete=True)
        services.submit(a, by=a.student)
        apps.append(a)
    draft = ApplicationFactory(call=call)
    client.force_login(staff)
    url = reverse("admin:mobility_application_changelist")
    ids = [str(a.pk) for a in [*apps, draft]]
    page = client.post(url, {"action": "move_to_under_review", "_selected_action": ids})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Comment" in text and "cannot become" in text
    deliver_queued()  # the submissions' emails went out when they were made
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "action": "move_to_under_review",
                "_selected_action": ids,
                "confirm": "yes",
                "comment": "Review by the committee in December.",
            },
            follow=True,
        )
    assert response.status_code == 200
    for a in apps:
        a.refresh_from_db()
        assert a.status == Status.UNDER_REVIEW
        assert a.transitions.last().comment == "Review by the committee in December."
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert "Not changed" in response.content.decode()
    assert len(mailoutbox) == 3


def test_admin_export_csv_of_the_filtered_list(client):
    staff = StaffFactory()
    call, other = CallFactory(title="Clinical placements abroad"), CallFactory(title="Other call")
    mine = ApplicationFactory(call=call, complete=True)
    ApplicationFactory(call=other, complete=True)
    client.force_login(staff)
    url = reverse("admin:mobility_application_export") + f"?call__id__exact={call.pk}"
    response = client.post(url, {"format": "0"})
    assert response.status_code == 200, response.content[:500]
    body = response.content.decode()
    assert mine.student.email in body
    assert body.count("\n") == 2  # header + one row
    assert "Clinical placements abroad" in body and "Submitted" not in body
    xlsx = client.post(url, {"format": "1"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_supervisor_sees_only_supervised_calls_and_cannot_decide(client):
    supervisor = SupervisorFactory()
    mine = ApplicationFactory(complete=True)
    mine.call.supervisors.add(supervisor)
    services.submit(mine, by=mine.student)
    other = ApplicationFactory(complete=True)
    services.submit(other, by=other.student)
    client.force_login(supervisor)
    response = client.get(reverse("admin:mobility_application_changelist"))
    assert response.status_code == 200
    text = response.content.decode()
    assert mine.student.email in text and other.student.email not in text
    assert "move_to_accepted" not in text
    # The filter by preference institution names only the partners of the calls they supervise.
    mine_partner = mine.preferences.first().agreement.institution.name
    other_partner = other.preferences.first().agreement.institution.name
    assert mine_partner in text and other_partner not in text
    assert client.get(reverse("admin:mobility_application_change", args=[other.pk])).status_code in (302, 404)
    change = client.get(reverse("admin:mobility_application_change", args=[mine.pk]))
    assert change.status_code == 200 and "Record my recommendation" in change.content.decode()
    draft = ApplicationFactory(call=mine.call)
    assert (
        draft.student.email
        not in client.get(reverse("admin:mobility_application_changelist")).content.decode()
    )
    assert client.get(reverse("admin:mobility_application_change", args=[draft.pk])).status_code in (302, 404)
    assert client.get(reverse("admin:mobility_application_export")).status_code == 403
    response = client.post(
        reverse("admin:mobility_application_changelist"),
        {"action": "move_to_accepted", "_selected_action": [mine.pk], "confirm": "yes"},
    )
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED
    response = client.post(
        reverse("admin:mobility_recommendation_add"),
        {"application": mine.pk, "opinion": "recommended", "comment": "Solid record."},
    )
    assert response.status_code == 302
    assert mine.recommendations.get().supervisor == supervisor


def test_staff_review_documents_in_the_admin(client, mailoutbox, django_capture_on_commit_callbacks):
    requirement = DocumentRequirementFactory(name="Transcript")
    application = ApplicationFactory(call=requirement.call, complete=True)
    doc = services.upload_document(application, requirement, pdf_file(), by=application.student)
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("admin:mobility_application_change", args=[application.pk])
    page = client.get(url)
    text = page.content.decode()
    assert reverse("mobility:document_file", args=[doc.pk]) in text
    assert "Transcript" in text
    # The place can be chosen among the call's agreements; the seats are checked.
    agreement = application.call.agreements.first()
    assert 'name="allocated_agreement"' in text
    client.post(url, {"allocated_agreement": agreement.pk, **_inline_management(text)})
    application.refresh_from_db()
    assert application.allocated_agreement == agreement

    # Rejecting the document with a reason goes through the service: stored, emailed, counted missing.
    form = _inline_management(client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {**form, "documents-0-status": "rejected", "documents-0-reason": "Unreadable scan."}
        )
    assert response.status_code == 302
    doc.refresh_from_db()
    application.refresh_from_db()
    assert (doc.status, doc.reason, doc.reviewed_by) == ("rejected", "Unreadable scan.", staff)
    assert application.missing_documents == 1
    body = mailoutbox[-1].body
    assert "- Transcript: Rejected — Reason: Unreadable scan." in body
    assert "Still missing or to be replaced: Transcript" in body
    # A rejection without a reason, or going back to "not yet checked", is refused with a message.
    response = client.post(url, {**form, "documents-0-status": "pending", "documents-0-reason": ""})
    assert response.status_code == 200 and "cannot go back to" in response.content.decode()
    doc.refresh_from_db()
    assert doc.status == "rejected"
    # Accepting it clears the missing count and says nothing is missing any more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**form, "documents-0-status": "accepted", "documents-0-reason": ""})
    application.refresh_from_db()
    assert application.missing_documents == 0
    assert "Every required document has now been received." in mailoutbox[-1].body


def test_a_refused_place_in_the_admin_is_a_form_error_not_a_500(client):
    """allocate() refuses an agreement without a seat left: the change form says so (ServiceErrorAdminMixin)
    and the application keeps its place."""
    full = AgreementFactory(outgoing_seats=1)
    call = CallFactory(agreements=[full])
    holder = ApplicationFactory(call=call, complete=True, preferences=[full])
    application = ApplicationFactory(call=call, complete=True, preferences=[full])
    staff = StaffFactory()
    for a in (holder, application):
        services.submit(a, by=a.student)
        services.transition(a, Status.UNDER_REVIEW, by=staff)
    services.transition(holder, Status.ACCEPTED, by=staff)
    client.force_login(staff)
    url = reverse("admin:mobility_application_change", args=[application.pk])
    response = client.post(
        url, {"allocated_agreement": full.pk, **_inline_management(client.get(url).content.decode())}
    )
    assert response.status_code == 200
    assert "No seat left at" in response.content.decode()
    application.refresh_from_db()
    assert application.allocated_agreement is None


def test_a_refused_recommendation_in_the_admin_is_a_form_error_not_a_403(client):
    """IRO staff reach the recommendation form but supervise no call: the service's refusal is shown on
    the form, and nothing is recorded."""
    application = ApplicationFactory(complete=True)
    services.submit(application, by=application.student)
    client.force_login(StaffFactory())
    response = client.post(
        reverse("admin:mobility_recommendation_add"),
        {"application": application.pk, "opinion": "recommended", "comment": "Fine."},
    )
    assert response.status_code == 200
    assert "Only the academic supervisors of this call give recommendations." in response.content.decode()
    assert not application.recommendations.exists()


def _inline_management(html):
    """The hidden management fields of the change form's inlines, as the browser would send them."""
    import re

    fields = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d*)"', html
    ):
        fields[name] = value
    for prefix in {n.rsplit("-", 1)[0] for n in fields}:
        total = int(fields.get(f"{prefix}-TOTAL_FORMS", 0))
        for i in range(total):
            for pk_name, pk_value in re.findall(
                rf'name="({prefix}-{i}-(?:id|application))" value="(\d+)"', html
            ):
                fields[pk_name] = pk_value
            for sel_name, sel_value in re.findall(
                rf'name="({prefix}-{i}-status)".*?<option value="(\w+)" selected', html, re.S
            ):
                fields[sel_name] = sel_value
    return fields


def test_student_confirms_the_place_then_may_withdraw(client, mailoutbox, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    application = ApplicationFactory(complete=True)
    services.submit(application, by=application.student)
    services.transition(application, Status.UNDER_REVIEW, by=staff)
    services.transition(application, Status.ACCEPTED, by=staff)
    client.force_login(application.student)
    url = reverse("mobility:change_status", args=[application.pk])
    assert client.post(url, {"to": "accepted"}).status_code == 404  # students never decide
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"to": "confirmed"}, follow=True)
    assert "Your application is now “Confirmed”." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED
    client.post(url, {"to": "withdrawn"})
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    response = client.post(url, {"to": "withdrawn"}, follow=True)
    assert "Cannot move from “Withdrawn” to “Withdrawn”" in response.content.decode()
    client.force_login(StudentFactory())
    assert client.post(url, {"to": "withdrawn"}).status_code == 404


def test_admin_single_transition_from_the_change_page(client, mailoutbox, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    application = ApplicationFactory(complete=True)
    services.submit(application, by=application.student)
    client.force_login(staff)
    change = client.get(reverse("admin:mobility_application_change", args=[application.pk])).content.decode()
    url = reverse("admin:mobility_application_transition", args=[application.pk, "under_review"])
    assert url in change
    assert reverse("admin:mobility_application_transition", args=[application.pk, "accepted"]) not in change
    page = client.get(url)
    assert page.status_code == 200 and "Comment" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": "Committee on 3 December."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert "Committee on 3 December." in mailoutbox[-1].body
    bad = client.post(
        reverse("admin:mobility_application_transition", args=[application.pk, "completed"]), follow=True
    )
    assert "Not changed" in bad.content.decode()
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW

    supervisor = SupervisorFactory()
    application.call.supervisors.add(supervisor)
    client.force_login(supervisor)
    assert client.post(url.replace("under_review", "accepted")).status_code == 403


def test_admin_filters_applications_by_one_eligibility_criterion(client):
    from mobility.models import CriterionCheck, Eligibility

    from .factories import CriterionFactory

    call = CallFactory()
    language = CriterionFactory(call=call, text="Language certificate B2", checked_by=CriterionCheck.STAFF)
    funds = CriterionFactory(call=call, text="Proof of funds", checked_by=CriterionCheck.DECLARATION)
    ready = ApplicationFactory(call=call, complete=True, declarations=[funds.pk])
    lacking = ApplicationFactory(call=call, complete=True, declarations=[])
    staff = StaffFactory()
    services.assess_criterion(ready, language, result=Eligibility.MET, note="", by=staff)
    services.assess_criterion(lacking, language, result=Eligibility.NOT_MET, note="B1 only.", by=staff)
    for application in (ready, lacking):
        services.refresh_summary(application)
    client.force_login(staff)
    url = reverse("admin:mobility_application_changelist")
    page = client.get(url).content.decode()
    assert "Language certificate B2: not met" in page and "Proof of funds: to be checked" in page

    def listed(value):
        body = client.get(url, {"criterion": value}).content.decode()
        return {a.pk for a in (ready, lacking) if f"/{a.pk}/change/" in body}

    assert listed("not_met|Language certificate B2") == {lacking.pk}
    assert listed("not_met|Proof of funds") == {lacking.pk}  # never declared
    assert listed("to_check|Proof of funds") == {ready.pk}  # declared, the office checks it
    # Staff change their mind: the flags follow.
    services.assess_criterion(lacking, language, result=Eligibility.MET, note="", by=staff)
    assert listed("not_met|Language certificate B2") == set()
