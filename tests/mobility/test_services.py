import datetime

import pytest
from django.core.exceptions import PermissionDenied

from core.workflow import InvalidTransition
from mobility import selectors, services
from mobility.models import (
    APPLICATION_MACHINE,
    ApplicationTransition,
    CriterionCheck,
    DocumentStatus,
    Eligibility,
    Status,
)
from mobility.services import records
from tests.factories import AgreementFactory, StudentFactory, SupervisorFactory

from .factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    DocumentRequirementFactory,
    fake_file,
    pdf_file,
)

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def snapshot(application):
    application.refresh_from_db()
    return (
        application.status,
        application.submitted_at,
        application.motivation,
        list(application.preferences.values_list("rank", "agreement_id")),
        application.transitions.count(),
    )


def test_submission_one_second_before_the_deadline_passes(mailoutbox, django_capture_on_commit_callbacks):
    application = ApplicationFactory(complete=True)
    deadline = application.call.application_deadline
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, by=application.student, now=deadline - SECOND)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.submitted_at == deadline - SECOND
    record = application.transitions.get()
    assert (record.from_state, record.to_state, record.actor) == ("draft", "submitted", application.student)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [application.student.email]


def test_submission_one_second_after_the_deadline_is_refused_and_the_draft_is_unchanged():
    application = ApplicationFactory(complete=True)
    before = snapshot(application)
    deadline = application.call.application_deadline
    with pytest.raises(services.DeadlinePassed) as exc:
        services.submit(application, by=application.student, now=deadline + SECOND)
    assert "deadline" in str(exc.value) and "Paris time" in str(exc.value)
    assert snapshot(application) == before
    with pytest.raises(services.DeadlinePassed):
        services.save_draft(
            application, by=application.student, data={"motivation": "x"}, now=deadline + SECOND
        )
    assert snapshot(application) == before


def test_submission_says_exactly_what_is_missing():
    application = ApplicationFactory()  # a bare draft
    with pytest.raises(services.Incomplete) as exc:
        services.submit(application, by=application.student)
    text = " ".join(exc.value.problems)
    for expected in (
        "date of birth",
        "student number",
        "study year",
        "good standing",
        "at least one partner",
        "200 characters",
    ):
        assert expected in text
    assert application.transitions.count() == 0


def test_a_criterion_proven_by_an_optional_document_is_named_before_submission():
    from mobility.models import EligibilityCriterion

    application = ApplicationFactory(complete=True)
    letter = DocumentRequirementFactory(
        call=application.call, name="Letter of recommendation", required=False
    )
    EligibilityCriterion.objects.create(
        call=application.call,
        text="Recommended by a teacher",
        checked_by=CriterionCheck.DOCUMENT,
        document=letter,
    )
    blocking, later = selectors.submission_problems(application)
    assert not blocking
    assert any("Letter of recommendation" in line and "Recommended by a teacher" in line for line in later)


def test_documents_deadline_boundaries():
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call, complete=True, status=Status.SUBMITTED)
    deadline = application.call.documents_deadline
    doc = services.upload_document(
        application, requirement, pdf_file(), by=application.student, now=deadline - SECOND
    )
    assert doc.kind == "pdf" and doc.status == DocumentStatus.PENDING
    with pytest.raises(services.DeadlinePassed) as exc:
        services.upload_document(
            application, requirement, pdf_file("late.pdf"), by=application.student, now=deadline + SECOND
        )
    assert "not processed" in str(exc.value)
    with pytest.raises(services.DeadlinePassed):
        services.delete_document(doc, by=application.student, now=deadline + SECOND)
    doc.refresh_from_db()
    assert doc.original_name == "transcript.pdf"


def test_a_draft_past_its_application_deadline_takes_no_document():
    """It can never be submitted: an upload would be lost work (issue 14, item 6)."""
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call, complete=True)
    after = application.call.application_deadline + SECOND
    assert after < application.call.documents_deadline
    assert application.accepts_documents(after - 2 * SECOND) and not application.accepts_documents(after)
    with pytest.raises(services.DeadlinePassed) as exc:
        services.upload_document(application, requirement, pdf_file(), by=application.student, now=after)
    assert "can no longer be submitted" in str(exc.value)
    assert not application.documents.exists()


@pytest.mark.parametrize("name", ["transcript.pdf", "photo.png", "scan.jpg", "noextension"])
def test_a_file_that_is_not_pdf_jpeg_png_is_refused_whatever_its_name(name):
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call)
    with pytest.raises(services.ApplicationError) as exc:
        services.upload_document(application, requirement, fake_file(name), by=application.student)
    assert "content was checked" in str(exc.value)
    assert application.documents.count() == 0


def test_size_limit_per_document_type():
    requirement = DocumentRequirementFactory(max_size_mb=1)
    application = ApplicationFactory(call=requirement.call)
    big = pdf_file()
    big.size = 2 * 1024 * 1024
    with pytest.raises(services.ApplicationError) as exc:
        services.upload_document(application, requirement, big, by=application.student)
    assert "limit" in str(exc.value)


def test_only_allowed_kinds_for_the_requirement():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import PNG_BYTES

    requirement = DocumentRequirementFactory(allowed_kinds="pdf")
    application = ApplicationFactory(call=requirement.call)
    with pytest.raises(services.ApplicationError):
        services.upload_document(
            application, requirement, SimpleUploadedFile("a.png", PNG_BYTES), by=application.student
        )


def test_replace_keeps_one_document_and_resets_the_check(staff):
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call)
    first = services.upload_document(application, requirement, pdf_file("a.pdf"), by=application.student)
    services.review_document(first, accepted=False, reason="Unreadable scan", by=staff)
    second = services.upload_document(application, requirement, pdf_file("b.pdf"), by=application.student)
    assert (
        second.pk == first.pk and second.original_name == "b.pdf" and second.status == DocumentStatus.PENDING
    )


def test_another_student_cannot_upload_to_my_application():
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call)
    with pytest.raises(PermissionDenied):
        services.upload_document(application, requirement, pdf_file(), by=StudentFactory())


@pytest.mark.parametrize("who", ["student", "staff", "system"])
def test_draft_to_accepted_is_refused_whoever_asks(who, staff):
    application = ApplicationFactory(complete=True)
    actor = {"student": application.student, "staff": staff, "system": None}[who]
    with pytest.raises(InvalidTransition):
        services.transition(application, Status.ACCEPTED, by=actor, comment="nope")
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not ApplicationTransition.objects.exists()


def test_students_cannot_decide_and_supervisors_cannot_decide(staff):
    application = ApplicationFactory(complete=True)
    services.submit(application, by=application.student)
    services.transition(application, Status.UNDER_REVIEW, by=staff)
    supervisor = SupervisorFactory()
    application.call.supervisors.add(supervisor)
    for actor in (application.student, supervisor, StudentFactory()):
        with pytest.raises(PermissionDenied):
            services.transition(application, Status.ACCEPTED, by=actor)
    services.transition(application, Status.ACCEPTED, by=staff, comment="Welcome")
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED and application.decided_at is not None
    assert [t.to_state for t in application.transitions.all()] == ["submitted", "under_review", "accepted"]


def test_the_whole_path_and_withdrawal_from_open_states(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, by=application.student)
        services.transition(application, Status.UNDER_REVIEW, by=staff)
        services.transition(application, Status.WAITLISTED, by=staff)
        services.transition(application, Status.ACCEPTED, by=staff, comment="A seat freed up.")
        services.transition(application, Status.CONFIRMED, by=application.student)
        records.mark_recognised(application.mobility_record)  # completion waits for recognition
        services.transition(application, Status.COMPLETED, by=staff)
    assert len(mailoutbox) == 6
    assert "A seat freed up." in mailoutbox[3].body
    with pytest.raises(InvalidTransition):
        services.transition(application, Status.WITHDRAWN, by=application.student)
    assert Status.WITHDRAWN in APPLICATION_MACHINE.allowed(Status.CONFIRMED)
    assert not APPLICATION_MACHINE.allowed(Status.REJECTED)


def test_eligibility_met_not_met_to_check(staff):
    call = CallFactory()
    transcript = DocumentRequirementFactory(call=call, name="Language certificate")
    year = CriterionFactory(call=call, text="Study year", checked_by=CriterionCheck.STUDY_YEAR)
    declared = CriterionFactory(call=call, text="Good standing", checked_by=CriterionCheck.DECLARATION)
    language = CriterionFactory(
        call=call, text="French B2", checked_by=CriterionCheck.DOCUMENT, document=transcript
    )
    staff_only = CriterionFactory(call=call, text="Nomination", checked_by=CriterionCheck.STAFF)
    application = ApplicationFactory(call=call, complete=True, study_year=2)

    def results():
        application.refresh_from_db()
        return {r.criterion.pk: r.result for r in selectors.evaluate_eligibility(application)}

    assert results() == {
        year.pk: Eligibility.NOT_MET,
        declared.pk: Eligibility.NOT_MET,
        language.pk: Eligibility.NOT_MET,
        staff_only.pk: Eligibility.TO_CHECK,
    }
    with pytest.raises(services.Incomplete) as exc:
        services.submit(application, by=application.student)
    assert any("outside years 3–6" in p for p in exc.value.problems)
    assert any("tick “Good standing”" in p for p in exc.value.problems)

    services.save_draft(
        application, by=application.student, data={"study_year": 4, "declarations": [declared.pk]}
    )
    doc = services.upload_document(application, transcript, pdf_file(), by=application.student)
    assert results()[year.pk] == Eligibility.MET
    assert results()[declared.pk] == Eligibility.TO_CHECK
    assert results()[language.pk] == Eligibility.TO_CHECK
    services.review_document(doc, accepted=True, by=staff)
    services.assess_criterion(application, declared, result=Eligibility.MET, by=staff)
    services.assess_criterion(application, staff_only, result=Eligibility.MET, by=staff)
    assert set(results().values()) == {Eligibility.MET}
    application.refresh_from_db()
    assert application.eligibility == Eligibility.MET and application.missing_documents == 0


def test_rejecting_a_document_needs_a_reason_and_emails_the_student(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    requirement = DocumentRequirementFactory(name="Proof of funds")
    application = ApplicationFactory(call=requirement.call)
    doc = services.upload_document(application, requirement, pdf_file(), by=application.student)
    with pytest.raises(services.ApplicationError):
        services.review_document(doc, accepted=False, reason="  ", by=staff)
    with pytest.raises(PermissionDenied):
        services.review_document(doc, accepted=True, by=application.student)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_document(
            doc, accepted=False, reason="The bank statement is older than 3 months.", by=staff
        )
    assert "Proof of funds" in mailoutbox[0].subject
    assert "older than 3 months" in mailoutbox[0].body
    application.refresh_from_db()
    assert application.missing_documents == 1


def test_preferences_only_among_agreements_fitting_the_study_year():
    early = AgreementFactory(study_year_min=3, study_year_max=4)
    late = AgreementFactory(study_year_min=5, study_year_max=6)
    call = CallFactory(agreements=[early, late], max_preferences=2)
    application = ApplicationFactory(call=call, complete=True, study_year=4, preferences=[])
    with pytest.raises(services.ApplicationError):
        services.set_preferences(application, by=application.student, agreements=[late])
    services.set_preferences(application, by=application.student, agreements=[early])
    assert list(application.preferences.values_list("agreement", flat=True)) == [early.pk]
    with pytest.raises(services.ApplicationError):
        services.set_preferences(application, by=application.student, agreements=[early, early])
    services.save_draft(application, by=application.student, data={"study_year": 5})
    assert not application.preferences.exists()  # no longer fits


def test_start_is_idempotent_and_respects_opening_and_deadline():
    call = CallFactory()
    student = StudentFactory()
    a = services.start_application(call, by=student)
    b = services.start_application(call, by=student)
    assert a.pk == b.pk
    with pytest.raises(services.DeadlinePassed):
        services.start_application(call, by=StudentFactory(), now=call.application_deadline + SECOND)
    with pytest.raises(services.ApplicationError):
        services.start_application(call, by=StudentFactory(), now=call.opens_at - SECOND)


def test_submitted_application_is_read_only_except_documents():
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call, complete=True)
    services.submit(application, by=application.student)
    with pytest.raises(services.ApplicationError):
        services.save_draft(application, by=application.student, data={"motivation": "changed"})
    services.upload_document(application, requirement, pdf_file(), by=application.student)
    assert application.documents.count() == 1


def test_recommendation_by_the_calls_supervisor_only(staff):
    application = ApplicationFactory(complete=True)
    services.submit(application, by=application.student)
    supervisor, other = SupervisorFactory(), SupervisorFactory()
    application.call.supervisors.add(supervisor)
    rec = services.record_recommendation(application, by=supervisor, opinion="recommended", comment="Good")
    assert rec.pk
    with pytest.raises(PermissionDenied):
        services.record_recommendation(application, by=other, opinion="recommended")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_new_required_document_updates_the_missing_count():
    application = ApplicationFactory(complete=True)
    services.submit(application, by=application.student)
    application.refresh_from_db()
    assert application.missing_documents == 0
    DocumentRequirementFactory(call=application.call, name="Vaccination record")
    services.refresh_call_summaries(application.call)
    application.refresh_from_db()
    assert application.missing_documents == 1


def test_acceptance_allocates_the_best_ranked_preference_with_a_seat_left(staff):
    full = AgreementFactory(outgoing_seats=1)
    roomy = AgreementFactory(outgoing_seats=3)
    call = CallFactory(agreements=[full, roomy])
    first = ApplicationFactory(call=call, complete=True, preferences=[full, roomy])
    second = ApplicationFactory(call=call, complete=True, preferences=[full, roomy])
    third = ApplicationFactory(call=call, complete=True, preferences=[full])
    for a in (first, second, third):
        services.submit(a, by=a.student)
        services.transition(a, Status.UNDER_REVIEW, by=staff)
    services.transition(first, Status.ACCEPTED, by=staff)
    services.transition(second, Status.ACCEPTED, by=staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.allocated_agreement, second.allocated_agreement) == (full, roomy)
    with pytest.raises(services.ApplicationError) as exc:
        services.transition(third, Status.ACCEPTED, by=staff)
    assert "No seat is left" in str(exc.value)
    with pytest.raises(services.ApplicationError):
        services.allocate(third, full, by=staff)
    services.allocate(third, roomy, by=staff)
    services.transition(third, Status.ACCEPTED, by=staff)
    assert selectors.seats_left(roomy, "outgoing", call.academic_year) == 1
    with pytest.raises(PermissionDenied):
        services.allocate(third, roomy, by=third.student)
