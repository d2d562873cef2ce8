"""Coordinators' pages, who sees which nominee, and how students (do not) get into incoming applications."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from mobility import services
from mobility.models import Application, Clerkship, ClerkshipRotation, NominationStatus, Status
from mobility.selectors import nominations as nomination_reads
from mobility.services import nominations as services_nominations
from mobility.services import records as services_records
from partners.models import AgreementKind
from tests.factories import CoordinatorFactory, InstitutionFactory, StudentFactory
from tests.mobility.factories import pdf_file
from tests.mobility.factories_nominations import incoming_call, nominate, nomination_data, partner

pytestmark = pytest.mark.django_db

DOCUMENTS = ("Transcript of records", "Immunization record")


def text(response):
    """The page as a reader sees it: no tags, single spaces."""
    return " ".join(strip_tags(response.content.decode()).split())


def complete(application):
    """Fill what the student types in and upload every document, as through the steps."""
    Application.objects.filter(pk=application.pk).update(
        date_of_birth=datetime.date(2002, 1, 1),
        nationality="DE",
        student_number="HD-1",
        good_standing=True,
        motivation="I want to train in a Paris teaching hospital. " * 6,
    )
    for requirement in application.call.document_requirements.all():
        services.upload_document(application, requirement, pdf_file(), by=application.student)


@pytest.fixture
def two_partners(staff):
    """Institution A and institution B, both partners for the same incoming call, one nominee each."""
    coord_a, inst_a, agr_a = partner(seats=2, name="Universität Heidelberg")
    coord_b, inst_b, agr_b = partner(seats=2, name="University of Liverpool")
    call = incoming_call(agreements=[agr_a, agr_b], documents=DOCUMENTS)
    nominee_a = nominate(call, inst_a, coord_a, 0, first_name="Lena", last_name="Hoffmann")
    nominee_b = nominate(
        call, inst_b, coord_b, 1, first_name="Oliver", last_name="Byrne", email="oliver@liverpool.example"
    )
    app_b = services_nominations.claim(nominee_b, by=StudentFactory())
    complete(app_b)
    services.submit(app_b, by=app_b.student)
    services.transition(app_b, Status.UNDER_REVIEW, by=staff)
    services.transition(app_b, Status.ACCEPTED, by=staff)
    services_records.generate_acceptance_letter(app_b.pk)
    return {
        "call": call,
        "a": (coord_a, inst_a, agr_a, nominee_a),
        "b": (coord_b, inst_b, agr_b, nominee_b, app_b),
    }


# --- Isolation between partner institutions -------------------------------------------------------


def test_coordinator_of_a_gets_404_on_every_page_and_file_of_bs_nominees(client, two_partners):
    coord_a, _inst_a, _agr_a, _nominee_a = two_partners["a"]
    coord_b, inst_b, _agr_b, nominee_b, app_b = two_partners["b"]
    call = two_partners["call"]
    document = app_b.documents.first()
    requirement = document.requirement
    pages = [
        ("get", reverse("mobility:nomination", args=[nominee_b.pk])),
        ("post", reverse("mobility:nomination_withdraw", args=[nominee_b.pk])),
        ("get", reverse("mobility:nominee_document", args=[nominee_b.pk, document.pk])),
        ("get", reverse("mobility:nominate", args=[call.pk, inst_b.pk])),
        ("post", reverse("mobility:nominate", args=[call.pk, inst_b.pk])),
        # Mobility I's pages of the nominee's application, and its files.
        ("get", reverse("mobility:application", args=[app_b.pk])),
        ("get", reverse("mobility:review", args=[app_b.pk])),
        ("post", reverse("mobility:change_status", args=[app_b.pk])),
        ("post", reverse("mobility:upload", args=[app_b.pk, requirement.pk])),
        ("post", reverse("mobility:delete_document", args=[document.pk])),
        ("get", reverse("mobility:document_file", args=[document.pk])),
        ("get", reverse("mobility:acceptance_letter", args=[app_b.pk])),
    ]
    pages += [("get", reverse("mobility:step", args=[app_b.pk, s])) for s in ("personal", "documents")]
    # Every URL name of mobility that takes an application, a document or a nomination is listed.
    from mobility import urls

    named = {p.name for p in urls.urlpatterns if p.pattern.converters}
    covered = {
        "nomination", "nomination_withdraw", "nominee_document", "nominate", "application", "review",
        "change_status", "upload", "delete_document", "document_file", "acceptance_letter", "step",
        # Public pages (a call), the invitation (the token is the key, tested below).
        "call", "call_short", "start", "nomination_invitation",
    }  # fmt: skip
    assert named <= covered, named - covered

    client.force_login(coord_a)
    for method, url in pages:
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    # Nothing changed for B's nominee.
    nominee_b.refresh_from_db()
    app_b.refresh_from_db()
    assert (nominee_b.status, app_b.status) == (NominationStatus.CLAIMED, Status.ACCEPTED)
    # ... while B's coordinator sees the same nomination, its file and the letter.
    client.force_login(coord_b)
    for url in pages[0][1], pages[2][1], reverse("mobility:acceptance_letter", args=[app_b.pk]):
        assert client.get(url).status_code == 200, url
    # The invitation link of B's nominee does not give the application to A's coordinator either.
    client.force_login(coord_a)
    response = client.get(reverse("mobility:nomination_invitation", args=[nominee_b.token]))
    assert response.status_code == 403 and "Byrne" not in Application.objects.filter(
        student=coord_a
    ).values_list("last_name", flat=True)


def test_coordinator_lists_only_their_nominees_with_statuses_and_missing_documents(client, two_partners):
    coord_a, inst_a, _agr_a, _nominee_a = two_partners["a"]
    call = two_partners["call"]
    second = nominate(call, inst_a, coord_a, 2, first_name="Jonas", last_name="Weber")
    application = services_nominations.claim(second, by=StudentFactory())
    services.upload_document(
        application,
        call.document_requirements.get(name="Transcript of records"),
        pdf_file(),
        by=application.student,
    )
    client.force_login(coord_a)
    html = client.get(reverse("mobility:nominations")).content.decode()
    page = " ".join(strip_tags(html).split())
    assert "Lena Hoffmann" in page and "Jonas Weber" in page
    assert "Oliver" not in page and "Byrne" not in page and "University of Liverpool" not in page
    assert html.count('data-testid="nominee"') == 2
    # Lena has not started: everything is missing; Jonas started (draft) and misses one document.
    assert "Invited" in page and "Draft" in page and "Accepted" not in page
    assert "Missing: Transcript of records, Immunization record" in page
    assert "Missing: Immunization record" in page
    detail = client.get(reverse("mobility:nomination", args=[second.pk])).content.decode()
    assert "Immunization record" in detail and "missing" in detail
    assert reverse("mobility:nominee_document", args=[second.pk, application.documents.get().pk]) in detail
    # Students and staff do not have a coordinator's list.
    client.force_login(StudentFactory())
    assert client.get(reverse("mobility:nominations")).status_code == 404


def test_the_list_shows_accepted_for_the_coordinator_of_b(client, two_partners):
    coord_b, *_rest = two_partners["b"]
    client.force_login(coord_b)
    page = client.get(reverse("mobility:nominations")).content.decode()
    assert "Oliver Byrne" in page and "Accepted" in page and "Lena" not in page
    assert "All required documents received." in page


# --- Students without a nomination ---------------------------------------------------------------


def test_student_without_nomination_cannot_start_an_incoming_application(client, two_partners):
    call = two_partners["call"]
    _coord_b, _inst_b, _agr_b, nominee_b, app_b = two_partners["b"]
    student = StudentFactory()
    client.force_login(student)
    # The call page points to the explanation instead of a "Start" button.
    page = client.get(reverse("mobility:call", args=[call.pk, call.slug])).content.decode()
    assert reverse("mobility:start", args=[call.pk]) not in page
    assert reverse("mobility:incoming") in page
    # Posting to "start" anyway lands on the page explaining where to apply.
    response = client.post(reverse("mobility:start", args=[call.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mobility:incoming")
    text = response.content.decode()
    assert "apply through your home university" in text and "Erasmus traineeship requests" in text
    assert not Application.objects.filter(student=student).exists()
    # Someone else's incoming application and its steps: 404.
    for url in (
        reverse("mobility:application", args=[app_b.pk]),
        reverse("mobility:step", args=[app_b.pk, "personal"]),
        reverse("mobility:review", args=[app_b.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # A made-up invitation: 404 with the way to apply.
    response = client.get(reverse("mobility:nomination_invitation", args=["not-a-real-token"]))
    assert response.status_code == 404 and "home university" in response.content.decode()
    # The service refuses too, whatever calls it.
    with pytest.raises(services.NotNominated):
        services.start_application(call, by=student)
    # A used invitation of another student: refused with an explanation, no application.
    response = client.get(reverse("mobility:nomination_invitation", args=[nominee_b.token]))
    assert response.status_code == 403 and "already accepted" in response.content.decode()
    assert not Application.objects.filter(student=student).exists()


def test_non_partners_and_traineeships_cannot_enter_and_the_page_says_where_to_apply(client):
    # A university without any agreement: its coordinator has nothing to nominate for.
    stranger = CoordinatorFactory(institutions=[InstitutionFactory(name="Non-Partner University")])
    coord, inst, agreement = partner(seats=3)
    call = incoming_call(agreements=[agreement])
    placement = incoming_call(kind=AgreementKind.CLINICAL_PLACEMENT, title="Clinical placements (incoming)")
    assert nomination_reads.nomination_choices(stranger) == []
    outsider = stranger.coordinated_institutions.get()
    with pytest.raises(services_nominations.NominationError, match="no agreement in force"):
        nominate(call, outsider, stranger, 0)
    client.force_login(stranger)
    assert client.get(reverse("mobility:nominate", args=[call.pk, outsider.pk])).status_code == 404
    page = client.get(reverse("mobility:nominations")).content.decode()
    assert "No incoming call is open for your institutions" in page
    # A partner with an academic-exchange agreement only cannot send a clinical placement student.
    with pytest.raises(services_nominations.NominationError, match="no agreement in force"):
        nominate(placement, inst, coord, 0, length="2_months", track="english")
    client.force_login(coord)
    assert client.get(reverse("mobility:nominate", args=[placement.pk, inst.pk])).status_code == 404
    # An Erasmus traineeship is not a programme anyone can nominate for.
    assert "traineeship" not in " ".join(AgreementKind.values)
    # The public page explains who cannot apply and where to go instead.
    client.logout()
    page = client.get(reverse("mobility:incoming")).content.decode()
    assert "Clinical placements for students of non-partner universities." in page
    assert "Erasmus traineeship requests." in page
    assert "ask its international office" in page and "summer schools" in page
    assert reverse("partners:directory") in page


# --- Seats given back ----------------------------------------------------------------------------


def test_a_withdrawn_or_rejected_incoming_application_frees_the_seat(client, staff):
    coordinator, institution, agreement = partner(seats=2)
    call = incoming_call(agreements=[agreement])
    first = nominate(call, institution, coordinator, 0)
    second = nominate(call, institution, coordinator, 1)
    assert nomination_reads.seats_left(agreement, call.academic_year) == 0
    # The first nominee withdraws their submitted application themselves.
    application = services_nominations.claim(first, by=StudentFactory())
    complete(application)
    services.submit(application, by=application.student)
    services.transition(application, Status.WITHDRAWN, by=application.student, comment="Family reasons")
    first.refresh_from_db()
    assert first.status == NominationStatus.DECLINED
    last = first.transitions.last()
    assert (last.from_state, last.to_state, last.actor) == ("claimed", "declined", application.student)
    assert "Family reasons" in last.comment
    assert nomination_reads.seats_left(agreement, call.academic_year) == 1
    # The IRO rejects the second one.
    other = services_nominations.claim(second, by=StudentFactory())
    complete(other)
    services.submit(other, by=other.student)
    services.transition(other, Status.UNDER_REVIEW, by=staff)
    services.transition(other, Status.REJECTED, by=staff, comment="Language level")
    second.refresh_from_db()
    assert second.status == NominationStatus.REFUSED
    assert second.transitions.last().actor == staff
    assert nomination_reads.seats_left(agreement, call.academic_year) == 2
    # The coordinator sees it and nominates someone else in their place.
    client.force_login(coordinator)
    page = client.get(reverse("mobility:nominations")).content.decode()
    assert "Application withdrawn" in page and "Refused by the IRO" in page
    response = client.post(
        reverse("mobility:nominate", args=[call.pk, institution.pk]),
        nomination_data(7, first_name="Mia", last_name="Schulz"),
    )
    assert response.status_code == 302
    assert nomination_reads.seats_left(agreement, call.academic_year) == 1


def test_withdrawal_after_confirmation_frees_the_seat_and_forgets_the_record(staff):
    coordinator, institution, agreement = partner(seats=1)
    call = incoming_call(agreements=[agreement])
    nomination = nominate(call, institution, coordinator, 0)
    application = services_nominations.claim(nomination, by=StudentFactory())
    complete(application)
    services.submit(application, by=application.student)
    for to in (Status.UNDER_REVIEW, Status.ACCEPTED):
        services.transition(application, to, by=staff)
    services.transition(application, Status.CONFIRMED, by=application.student)
    assert nomination_reads.seats_left(agreement, call.academic_year) == 0
    assert application.mobility_record.direction == "incoming"
    services.transition(application, Status.WITHDRAWN, by=staff, comment="Visa refused")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DECLINED
    assert nomination_reads.seats_left(agreement, call.academic_year) == 1


def test_coordinator_withdrawal_is_recorded_once(client):
    coordinator, institution, agreement = partner(seats=1)
    call = incoming_call(agreements=[agreement])
    nomination = nominate(call, institution, coordinator, 0)
    services_nominations.claim(nomination, by=StudentFactory())
    client.force_login(coordinator)
    response = client.post(
        reverse("mobility:nomination_withdraw", args=[nomination.pk]), {"comment": "Exam clash"}
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert [t.to_state for t in nomination.transitions.all()] == ["invited", "claimed", "withdrawn"]
    assert nomination.application.status == Status.WITHDRAWN
    assert nomination_reads.seats_left(agreement, call.academic_year) == 1


# --- The incoming application ------------------------------------------------------------------


def test_incoming_application_has_no_partner_choice_and_keeps_what_the_university_said(client):
    coordinator, institution, agreement = partner(seats=2, name="Universität Heidelberg")
    other_coord, other_inst, other_agreement = partner(seats=2, name="KU Leuven")
    call = incoming_call(agreements=[agreement, other_agreement])
    application = services_nominations.claim(nominate(call, institution, coordinator, 0), by=StudentFactory())
    services_nominations.claim(nominate(call, other_inst, other_coord, 1), by=StudentFactory())
    client.force_login(application.student)
    page = client.get(reverse("mobility:step", args=[application.pk, "personal"])).content.decode()
    assert "Preferences" not in page and "Hoffmann0" in page
    assert client.get(reverse("mobility:step", args=[application.pk, "preferences"])).status_code == 404
    with pytest.raises(services.ApplicationError, match="home university nominated you"):
        services.set_preferences(application, by=application.student, agreements=[other_agreement])
    # The academic step: study year and home university are the nomination's, not editable.
    response = client.post(
        reverse("mobility:step", args=[application.pk, "academic"]),
        {
            "student_number": "HD-42",
            "study_year": "6",
            "home_institution": "KU Leuven",
            "good_standing": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mobility:step", args=[application.pk, "motivation"])
    application.refresh_from_db()
    assert (application.student_number, application.study_year) == ("HD-42", 4)
    assert application.home_institution == "Universität Heidelberg"
    assert [p.agreement for p in application.preferences.all()] == [agreement]
    page = client.get(reverse("mobility:dashboard")).content.decode()
    assert "Nominated by Universität Heidelberg" in page and "Your place" not in page


# --- The invitation through allauth --------------------------------------------------------------


def test_invitation_followed_before_signing_up_is_where_the_student_lands_after_login(client):
    coordinator, institution, agreement = partner(seats=1)
    call = incoming_call(agreements=[agreement])
    nomination = nominate(call, institution, coordinator, 0, email="lena.h@uni-heidelberg.example")
    url = reverse("mobility:nomination_invitation", args=[nomination.token])
    page = client.get(url).content.decode()
    assert f"/accounts/signup/?next={url}" in page and f"/accounts/login/?next={url}" in page
    # allauth's email verification link does not carry `next`: the login ends on the dashboard…
    student = StudentFactory(email="lena.h@uni-heidelberg.example")
    client.force_login(student)
    response = client.get(reverse("mobility:dashboard"))
    # … which sends the student back to the invitation they followed, once.
    assert response.status_code == 302 and response["Location"] == url
    response = client.get(url)
    application = Application.objects.get(student=student)
    assert response["Location"] == reverse("mobility:step", args=[application.pk, "personal"])
    assert client.get(reverse("mobility:dashboard")).status_code == 200


def test_student_with_an_account_logs_in_from_the_invitation_and_lands_in_the_application(client):
    from tests.factories import PASSWORD

    coordinator, institution, agreement = partner(seats=1)
    call = incoming_call(agreements=[agreement])
    nomination = nominate(call, institution, coordinator, 0)
    student = StudentFactory(email="lena.private@example.org")  # not the address the university gave
    url = reverse("mobility:nomination_invitation", args=[nomination.token])
    client.get(url)
    response = client.post(
        f"{reverse('account_login')}?next={url}", {"login": student.email, "password": PASSWORD}, follow=True
    )
    application = Application.objects.get(student=student, call=call)
    assert response.redirect_chain[-1][0] == reverse("mobility:step", args=[application.pk, "personal"])
    nomination.refresh_from_db()
    assert (nomination.student, nomination.status) == (student, NominationStatus.CLAIMED)


def test_dashboard_shows_invitations_sent_to_the_students_verified_address(client):
    coordinator, institution, agreement = partner(seats=1, name="Universität Heidelberg")
    call = incoming_call(agreements=[agreement])
    nomination = nominate(call, institution, coordinator, 0, email="Lena.H@uni-heidelberg.example")
    student = StudentFactory(email="lena.h@uni-heidelberg.example")
    client.force_login(student)
    page = client.get(reverse("mobility:dashboard")).content.decode()
    assert "Universität Heidelberg has nominated you" in page
    assert reverse("mobility:nomination_invitation", args=[nomination.token]) in page
    # The page a student reaches by trying to apply to an incoming call shows it too.
    response = client.post(reverse("mobility:start", args=[call.pk]), follow=True)
    assert reverse("mobility:nomination_invitation", args=[nomination.token]) in response.content.decode()
    # Another student, or an unverified address, sees nothing.
    client.force_login(StudentFactory())
    assert "has nominated you" not in client.get(reverse("mobility:dashboard")).content.decode()
    other = partner(seats=1)
    nominate(incoming_call(agreements=[other[2]]), other[1], other[0], 1, email="lena2@uni.example")
    client.force_login(StudentFactory(email="lena2@uni.example", verified=False))
    assert "has nominated you" not in client.get(reverse("mobility:dashboard")).content.decode()


# --- IMEP: the yearlong plan -------------------------------------------------------------------


@pytest.fixture
def imep():
    coordinator, institution, agreement = partner(
        seats=2, kind=AgreementKind.BILATERAL_EXCHANGE, duration="year", name="UT Southwestern Medical Center"
    )
    call = incoming_call(
        kind=AgreementKind.BILATERAL_EXCHANGE, agreements=[agreement], title="IMEP (incoming)"
    )
    nomination = nominate(call, institution, coordinator, 0, length="year", first_name="Emily")
    return coordinator, nomination


def _plan_post(nomination, rows):
    data = {
        "rotations-TOTAL_FORMS": str(len(rows)),
        "rotations-INITIAL_FORMS": "0",
        "rotations-MIN_NUM_FORMS": "0",
        "rotations-MAX_NUM_FORMS": "1000",
        "transitions-TOTAL_FORMS": str(nomination.transitions.count()),
        "transitions-INITIAL_FORMS": str(nomination.transitions.count()),
        "transitions-MIN_NUM_FORMS": "0",
        "transitions-MAX_NUM_FORMS": "1000",
        "first_name": nomination.first_name,
        "last_name": nomination.last_name,
        "email": nomination.email,
        "language": nomination.language,
        "study_year": nomination.study_year,
        "length": nomination.length,
        "track": nomination.track,
        "wished_departments": nomination.wished_departments,
        "wished_start": nomination.wished_start.isoformat(),
        "wished_end": nomination.wished_end.isoformat(),
    }
    for i, t in enumerate(nomination.transitions.all()):
        data[f"transitions-{i}-id"] = t.pk
        data[f"transitions-{i}-nomination"] = nomination.pk
    for i, (clerkship, months, department) in enumerate(rows):
        data.update(
            {
                f"rotations-{i}-clerkship": clerkship,
                f"rotations-{i}-months": months,
                f"rotations-{i}-department": department,
                f"rotations-{i}-order": i,
            }
        )
    return data


def test_staff_record_the_imep_plan_in_the_admin_and_the_coordinator_sees_it(client, staff, imep):
    coordinator, nomination = imep
    url = reverse("admin:mobility_nomination_change", args=[nomination.pk])
    client.force_login(staff)
    assert client.get(url).status_code == 200
    too_little_core = [
        (Clerkship.INTERNAL_MEDICINE, 3, "Hôpital européen Georges-Pompidou"),
        (Clerkship.SURGERY, 2, "Hôpital Cochin"),
        (Clerkship.RESEARCH, 7, "Institut Imagine"),
    ]
    response = client.post(url, _plan_post(nomination, too_little_core))
    assert response.status_code == 200
    assert "At least 6 months of core clerkships" in response.content.decode()
    assert not ClerkshipRotation.objects.exists()
    plan = [
        (Clerkship.INTERNAL_MEDICINE, 2, "Hôpital européen Georges-Pompidou"),
        (Clerkship.PAEDIATRICS, 2, "Hôpital Necker-Enfants Malades"),
        (Clerkship.SURGERY, 2, "Hôpital Cochin"),
        (Clerkship.RESEARCH, 4, "Institut Imagine"),
        (Clerkship.ELECTIVE, 2, "Emergency medicine, Hôpital Lariboisière"),
    ]
    response = client.post(url, _plan_post(nomination, plan))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert nomination.rotations.count() == 5
    # The coordinator reads it on the nomination page, with its totals.
    client.force_login(coordinator)
    page = client.get(reverse("mobility:nomination", args=[nomination.pk])).content.decode()
    assert "IMEP clerkship plan" in page
    assert "Paediatrics (core clerkship)" in page and "Hôpital Necker-Enfants Malades" in page
    assert "6 months of core clerkships" in page and "12 months in all" in page
    # Staff may also clear it (the plan is not recorded yet); other programmes have no plan at all.
    client.force_login(staff)
    assert client.post(url, _plan_post(nomination, [])).status_code == 302
    assert not nomination.rotations.exists()
    other_coord, other_inst, other_agreement = partner(seats=1)
    exchange = nominate(incoming_call(agreements=[other_agreement]), other_inst, other_coord, 3)
    page = client.get(reverse("admin:mobility_nomination_change", args=[exchange.pk])).content.decode()
    assert "IMEP clerkship plan" not in page and "rotations-TOTAL_FORMS" not in page


def test_coordinator_is_told_when_no_imep_plan_is_recorded_yet(client, imep):
    coordinator, nomination = imep
    client.force_login(coordinator)
    page = client.get(reverse("mobility:nomination", args=[nomination.pk])).content.decode()
    assert "IMEP clerkship plan" in page and "not recorded yet" in page


# --- French -----------------------------------------------------------------------------------


def test_coordinator_and_incoming_pages_in_french(client, two_partners):
    coord_a, *_rest = two_partners["a"]
    client.cookies.load({"django_language": "fr"})
    with translation.override("fr"):
        page = client.get(reverse("mobility:incoming"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Demandes que nous ne pouvons pas accepter" in page and "stage Erasmus" in page
        client.force_login(coord_a)
        page = client.get(reverse("mobility:nominations"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Nominer un étudiant" in page and "Manquant :" in page and "Invité" in page
        assert "Places restantes" in page and "Vos étudiants nominés" in page


def test_a_refused_withdrawal_keeps_the_reason_and_opens_on_the_error_summary(client):
    coordinator, institution, agreement = partner(seats=1)
    nomination = nominate(incoming_call(agreements=[agreement]), institution, coordinator, 0)
    client.force_login(coordinator)
    reason = "Exam clash. " * 50  # past the 500 characters a browser enforcing maxlength would stop
    response = client.post(reverse("mobility:nomination_withdraw", args=[nomination.pk]), {"comment": reason})
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-error-summary" in page and 'href="#id_comment"' in page
    assert "Reason (optional): Ensure this value has at most 500 characters" in text(response)
    assert reason.strip() in page, "what was typed is kept"
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.INVITED
