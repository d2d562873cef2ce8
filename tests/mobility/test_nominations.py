import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import demo as accounts_demo
from mobility import services
from mobility.demo import calls as demo
from mobility.demo import incoming as demo_incoming
from mobility.models import (
    Application,
    Call,
    Clerkship,
    ClerkshipRotation,
    Nomination,
    NominationStatus,
    Status,
)
from mobility.rules import applications_visible_to
from mobility.selectors import nominations as nomination_reads
from mobility.services import nominations as services_nominations
from partners.models import AgreementKind, Direction
from tests.factories import StudentFactory
from tests.mobility.factories import pdf_file
from tests.mobility.factories_nominations import incoming_call, nominate, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    coordinator, institution, agreement = partner(seats=2)
    call = incoming_call(agreements=[agreement])
    return coordinator, institution, agreement, call


def test_nomination_takes_a_seat_and_the_one_beyond_is_refused_clearly(
    setup, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator, institution, agreement, call = setup
    with django_capture_on_commit_callbacks(execute=True):
        first = nominate(call, institution, coordinator, 0)
    nominate(call, institution, coordinator, 1)
    assert nomination_reads.seats_left(agreement, call.academic_year) == 0
    with pytest.raises(services_nominations.NominationError, match="No seat left"):
        nominate(call, institution, coordinator, 2)
    assert Nomination.objects.count() == 2
    assert first.transitions.get().to_state == NominationStatus.INVITED
    # The invitation went to the student, with the token link.
    assert mailoutbox[-1].to == ["lena0@uni.example"]
    assert reverse("mobility:nomination_invitation", args=[first.token]) in mailoutbox[-1].body
    # Withdrawing frees the seat.
    services_nominations.withdraw(first, by=coordinator)
    assert nomination_reads.seats_left(agreement, call.academic_year) == 1
    assert nominate(call, institution, coordinator, 3).status == NominationStatus.INVITED


def test_invitation_is_sent_in_the_coordinators_chosen_language(
    setup, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator, institution, _agreement, call = setup
    with django_capture_on_commit_callbacks(execute=True):
        nominate(call, institution, coordinator, 0, language="fr")
    assert "UPCité" in mailoutbox[-1].body
    assert "Suivez" in mailoutbox[-1].body or "Dear" not in mailoutbox[-1].body


def test_same_student_twice_is_one_nomination(setup):
    coordinator, institution, _agreement, call = setup
    nominate(call, institution, coordinator, 0)
    with pytest.raises(services_nominations.NominationError, match="already nominated"):
        nominate(call, institution, coordinator, 0)


def test_no_agreement_of_that_kind_no_nomination_and_no_choice(setup):
    coordinator, institution, _agreement, call = setup
    placement = incoming_call(kind=AgreementKind.CLINICAL_PLACEMENT, agreements=[])
    with pytest.raises(services_nominations.NominationError, match="no agreement in force"):
        nominate(placement, institution, coordinator, 0, length="2_months", track="english")
    offered = {(c.pk, i.pk) for c, i, _a, _l in nomination_reads.nomination_choices(coordinator)}
    assert offered == {(call.pk, institution.pk)}


def test_expired_or_unsigned_agreement_offers_nothing(setup):
    coordinator, institution, agreement, call = setup
    agreement.is_signed = False
    agreement.save()
    assert nomination_reads.nomination_choices(coordinator) == []
    with pytest.raises(services_nominations.NominationError):
        nominate(call, institution, coordinator, 0)


def test_only_the_institutions_coordinators_nominate(setup):
    _coordinator, institution, _agreement, call = setup
    other, _inst, _agr = partner()
    with pytest.raises(PermissionDenied):
        nominate(call, institution, other, 0)
    with pytest.raises(PermissionDenied):
        nominate(call, institution, StudentFactory(), 0)


def test_programme_rules_follow_the_call(setup):
    coordinator, institution, _agreement, call = setup
    with pytest.raises(services_nominations.NominationError, match="semester or a full"):
        nominate(call, institution, coordinator, 0, length="2_months")
    with pytest.raises(services_nominations.NominationError, match="study years"):
        nominate(call, institution, coordinator, 0, study_year=1)


def test_claim_prefills_the_incoming_application_and_withdraw_stops_after_submission(setup):
    coordinator, institution, agreement, call = setup
    nomination = nominate(call, institution, coordinator, 0)
    student = StudentFactory()
    application = services_nominations.claim(nomination, by=student)
    assert application.direction == "incoming"
    assert (application.last_name, application.study_year) == ("Hoffmann0", 4)
    assert application.home_institution == institution.name
    assert application.allocated_agreement == agreement
    # Following the link again lands in the same application; another account cannot take it.
    assert services_nominations.claim(nomination, by=student) == application
    with pytest.raises(PermissionDenied):
        services_nominations.claim(nomination, by=StudentFactory())
    # The coordinator sees the nominee's application, another coordinator does not.
    assert coordinator.has_perm("mobility.view_application", application)
    assert list(applications_visible_to(coordinator)) == [application]
    other, _i, _a = partner()
    assert not other.has_perm("mobility.view_application", application)
    assert not applications_visible_to(other).exists()
    # Submitted: the coordinator can no longer withdraw.
    Application.objects.filter(pk=application.pk).update(
        date_of_birth=datetime.date(2002, 1, 1), nationality="DE", student_number="1", good_standing=True,
        motivation="x" * 250,
    )  # fmt: skip
    for requirement in call.document_requirements.all():
        services.upload_document(application, requirement, pdf_file(), by=student)
    services.submit(application, by=student)
    with pytest.raises(services_nominations.NominationError, match="already submitted"):
        services_nominations.withdraw(nomination, by=coordinator)


def test_withdrawing_a_started_nomination_withdraws_the_draft(setup):
    coordinator, institution, _agreement, call = setup
    nomination = nominate(call, institution, coordinator, 0)
    application = services_nominations.claim(nomination, by=StudentFactory())
    services_nominations.withdraw(nomination, by=coordinator, comment="Changed plans")
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert list(nomination.transitions.values_list("to_state", flat=True)) == [
        "invited",
        "claimed",
        "withdrawn",
    ]
    with pytest.raises(services_nominations.NominationError, match="withdrawn"):
        services_nominations.claim(nomination, by=StudentFactory())


def test_outgoing_machinery_still_refuses_incoming_calls(setup):
    *_rest, call = setup
    with pytest.raises(services.ApplicationError, match="home university"):
        services.start_application(call, by=StudentFactory())


def test_imep_clerkship_plan_needs_six_core_months_in_a_year():
    coordinator, institution, agreement = partner(kind=AgreementKind.BILATERAL_EXCHANGE, duration="year")
    call = incoming_call(kind=AgreementKind.BILATERAL_EXCHANGE, agreements=[agreement])
    nomination = nominate(call, institution, coordinator, 0, length="year")
    short_core = [
        {"clerkship": Clerkship.INTERNAL_MEDICINE, "months": 3},
        {"clerkship": Clerkship.SURGERY, "months": 2},
        {"clerkship": Clerkship.RESEARCH, "months": 7},
    ]
    with pytest.raises(services_nominations.NominationError) as exc:
        services_nominations.set_clerkship_plan(nomination, short_core, by=coordinator)
    assert "6 months" in exc.value.problems[0] and "5" in exc.value.problems[0]
    too_short = [
        {"clerkship": c, "months": 2}
        for c in (Clerkship.INTERNAL_MEDICINE, Clerkship.PAEDIATRICS, Clerkship.SURGERY)
    ]
    with pytest.raises(services_nominations.NominationError):
        services_nominations.set_clerkship_plan(nomination, too_short, by=coordinator)
    good = [
        *too_short,
        {"clerkship": Clerkship.RESEARCH, "months": 4},
        {"clerkship": Clerkship.ELECTIVE, "months": 2},
    ]
    services_nominations.set_clerkship_plan(nomination, good, by=coordinator)
    assert ClerkshipRotation.objects.filter(nomination=nomination).count() == 5


def test_demo_incoming_is_idempotent_with_nominations_in_several_states():
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    demo_incoming.seed(io.StringIO())
    counts = (Nomination.objects.count(), Application.objects.count())
    demo_incoming.seed(io.StringIO())
    assert (Nomination.objects.count(), Application.objects.count()) == counts
    anna = Nomination.objects.filter(nominated_by__email="coordinator@iro.example")
    assert set(anna.values_list("status", flat=True)) == {"invited", "claimed", "withdrawn"}
    statuses = set(anna.exclude(application=None).values_list("application__status", flat=True))
    assert {"draft", "submitted", "accepted"} <= statuses
    imep = Nomination.objects.get(call__kind="bilateral_exchange")
    assert nomination_reads.clerkship_plan_problems(imep.rotations.all()) == []
    names = set(imep.call.document_requirements.values_list("name", flat=True))
    assert {"Immunization record", "Health and liability insurance", "Transcript of records"} <= names


def test_an_incoming_call_created_in_the_admin_asks_for_the_standard_documents(client):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())

    def create(title, kind, direction):
        data = {
            "title_en": title,
            "slug": "",
            "kind": kind,
            "direction": direction,
            "academic_year": 2027,
            "description_en": "",
            "is_published": "on",
            "opens_at_0": "2026-12-01",
            "opens_at_1": "09:00:00",
            "application_deadline_0": "2027-01-31",
            "application_deadline_1": "23:59:00",
            "documents_deadline_0": "2027-02-15",
            "documents_deadline_1": "23:59:00",
            "decision_date": "2027-03-01",
            "study_year_min": 3,
            "study_year_max": 6,
            "max_preferences": 1,
            "offer_reply_days": 7,
        }
        for prefix in ("document_requirements", "criteria", "selection_criteria", "reminder_overrides"):
            data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
        response = client.post("/admin/mobility/call/add/", data, follow=True)
        assert response.status_code == 200, response.content
        return Call.objects.get(title=title), response.content.decode()

    call, page = create("Erasmus+ incoming", AgreementKind.ACADEMIC_EXCHANGE, Direction.INCOMING)
    assert [r.name for r in call.document_requirements.all()] == [
        "Transcript of records",
        "Language certificate for your track",
        "Health and liability insurance",
        "Immunization record",
        "Learning agreement",
    ]
    assert "The documents every incoming student provides were added" in page
    clinical, _page = create("Clinical incoming", AgreementKind.CLINICAL_PLACEMENT, Direction.INCOMING)
    assert "Learning agreement" not in [r.name for r in clinical.document_requirements.all()]
    assert clinical.document_requirements.count() == 4
    outgoing, _page = create("Erasmus+ outgoing", AgreementKind.ACADEMIC_EXCHANGE, Direction.OUTGOING)
    assert not outgoing.document_requirements.exists()
    # Adding them again keeps what staff set and adds nothing twice.
    call.document_requirements.filter(name="Learning agreement").update(required=False)
    assert services_nominations.add_standard_documents(call) == []
    assert not call.document_requirements.get(name="Learning agreement").required


GOOD_PLAN = [
    {"clerkship": Clerkship.INTERNAL_MEDICINE, "months": 2, "department": "Internal Medicine, Parkland"},
    {"clerkship": Clerkship.PAEDIATRICS, "months": 2, "department": "Children's Health Dallas"},
    {"clerkship": Clerkship.SURGERY, "months": 2, "department": ""},
    {"clerkship": Clerkship.RESEARCH, "months": 6, "department": "UTSW research lab"},
]


def test_our_imep_students_at_ut_southwestern_have_their_plan_on_the_application(client):
    """UT Southwestern's page: Paris students spend at least six months in core clerkships there."""
    from tests.factories import StaffFactory
    from tests.mobility.factories import ApplicationFactory, CallFactory

    staff = StaffFactory()
    call = CallFactory(kind=AgreementKind.BILATERAL_EXCHANGE, direction=Direction.OUTGOING)
    application = ApplicationFactory(call=call)
    with pytest.raises(services_nominations.NominationError):
        services_nominations.set_clerkship_plan(application, GOOD_PLAN[:3], by=staff)  # 6 months in all
    with pytest.raises(PermissionDenied):
        services_nominations.set_clerkship_plan(application, GOOD_PLAN, by=application.student)
    services_nominations.set_clerkship_plan(application, GOOD_PLAN, by=staff)
    assert [r.months for r in application.rotations.all()] == [2, 2, 2, 6]

    client.force_login(application.student)
    body = client.get(reverse("mobility:application", args=[application.pk])).content.decode()
    assert "IMEP clerkship plan" in body and "A year at UT Southwestern" in body
    assert "Children&#x27;s Health Dallas" in body and "6 months of core clerkships" in body

    # Staff keep it in the admin, on the application.
    client.force_login(staff)
    admin_page = client.get(f"/admin/mobility/application/{application.pk}/change/").content.decode()
    assert 'name="rotations-TOTAL_FORMS"' in admin_page

    # Other programmes, and an Erasmus+ application, have no plan.
    erasmus = ApplicationFactory()
    with pytest.raises(services_nominations.NominationError):
        services_nominations.set_clerkship_plan(erasmus, GOOD_PLAN, by=staff)
    assert nomination_reads.clerkship_plan_summary(erasmus) is None
    erasmus_admin = client.get(f"/admin/mobility/application/{erasmus.pk}/change/").content.decode()
    assert 'name="rotations-TOTAL_FORMS"' not in erasmus_admin
