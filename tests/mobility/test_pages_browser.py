"""The demo's pages as each person sees them, including refusals (screenshots in test-artifacts/)."""

import io

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import User
from mobility.demo import calls as demo
from mobility.models import Application, Call, Status
from tests.conftest import login_as

from .factories import ApplicationFactory, CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded():
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())


def new_page(page, user):
    other = page.context.browser.new_context(
        locale="en-GB", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900}
    )
    pg = other.new_page()
    pg.live_server_url = page.live_server_url
    login_as(pg, user)
    return pg


def test_demo_student_dashboard_and_french(page, seeded, screenshot):
    base = page.live_server_url
    lea = User.objects.get(email="student@iro.example")
    login_as(page, lea)
    page.goto(base + "/applications/")
    statuses = page.get_by_test_id("status").all_inner_texts()
    assert {"Confirmed", "Under review", "Draft"} <= set(statuses)
    screenshot(page, "mobility-demo-dashboard")
    imep = Application.objects.get(student=lea, call__title__startswith="IMEP")
    page.goto(base + f"/applications/{imep.pk}/")
    assert "Interviews with the IMEP programme directors in December." in page.content()
    screenshot(page, "mobility-demo-imep-application")
    page.get_by_test_id("lang-fr").click()
    page.wait_for_load_state()
    assert "En cours d’examen" in page.get_by_test_id("status").inner_text()
    screenshot(page, "mobility-demo-imep-application-fr")
    page.goto(base + "/programmes/")
    assert "clôture dans" in page.content()
    screenshot(page, "mobility-demo-programmes-fr")


def test_refusals_name_the_deadline_and_what_is_missing(page, screenshot):
    base = page.live_server_url
    closed = CallFactory(title="Call that closed a second ago")
    application = ApplicationFactory(call=closed, complete=True)
    Call.objects.filter(pk=closed.pk).update(
        application_deadline=timezone.now() - timezone.timedelta(seconds=1)
    )
    login_as(page, application.student)
    page.goto(base + f"/applications/{application.pk}/submit/")
    banner = page.get_by_test_id("deadline-passed")
    assert "applications received after it are refused" in banner.inner_text()
    assert page.get_by_test_id("submit").count() == 0
    screenshot(page, "mobility-refused-deadline")

    incomplete = ApplicationFactory(
        call=CallFactory(title="Clinical placements abroad"), student=application.student
    )
    page.goto(base + f"/applications/{incomplete.pk}/submit/")
    page.get_by_test_id("submit").click()
    refusal = page.get_by_test_id("refusal")
    assert "cannot be submitted yet" in refusal.inner_text()
    assert "Preferences: choose at least one partner." in refusal.inner_text()
    screenshot(page, "mobility-refused-incomplete")
    incomplete.refresh_from_db()
    assert incomplete.status == Status.DRAFT


def test_back_office_for_staff_and_supervisors(page, seeded, screenshot, mailoutbox):
    base = page.live_server_url
    staff = new_page(page, User.objects.get(email="staff@iro.example"))
    staff.goto(base + "/admin/mobility/application/?status__exact=under_review")
    assert "Léa" in staff.content() or "DUBOIS" in staff.content()
    screenshot(staff, "mobility-admin-changelist-demo")
    imep = Application.objects.get(student__email="student@iro.example", call__title__startswith="IMEP")
    staff.goto(base + f"/admin/mobility/application/{imep.pk}/change/")
    assert "Documented personal funds for the US visa" in staff.content()
    screenshot(staff, "mobility-admin-change-demo")
    # Reject one document with a reason: the student is emailed and sees it in the checklist.
    funds = imep.documents.get(requirement__name="Proof of personal funds")
    row = staff.locator("tr", has=staff.locator(f"input[name$='-id'][value='{funds.pk}']"))
    row.locator("select[name$='-status']").select_option("rejected")
    row.locator("input[name$='-reason']").fill("The bank statement must be less than three months old.")
    staff.locator("input[name=_continue]").click()
    staff.locator(".messagelist .success").wait_for()
    funds.refresh_from_db()
    assert funds.status == "rejected"
    mail = [m for m in mailoutbox if m.to == ["student@iro.example"]][-1]
    assert "Proof of personal funds" in mail.subject and "three months old" in mail.body
    # Record that the global health office confirmed her orientation: the criterion turns "Met".
    staff.get_by_text("Add another Eligibility check by staff").click()
    staff.locator("select[name='assessments-0-criterion']").select_option(
        label=(
            "Completed the Global Health preclinical elective or the orientation of the global health office"
        )
    )
    staff.locator("select[name='assessments-0-result']").select_option("met")
    staff.locator("input[name='assessments-0-note']").fill("Orientation attested on 20 October.")
    staff.locator("input[name=_continue]").click()
    staff.locator(".messagelist .success").wait_for()
    assessment = imep.assessments.get()
    assert assessment.result == "met" and assessment.assessed_by.email == "staff@iro.example"
    assert "Orientation attested on 20 October." in staff.locator(".mobility-criteria").inner_text()
    staff.goto(base + "/admin/mobility/application/export/?status__exact=under_review")
    screenshot(staff, "mobility-admin-export")
    staff.goto(base + f"/admin/mobility/call/{imep.call_id}/change/")
    screenshot(staff, "mobility-admin-call")
    staff.context.close()

    supervisor = new_page(page, User.objects.get(email="supervisor@iro.example"))
    supervisor.goto(base + "/admin/mobility/application/")
    assert (
        supervisor.locator("select[name=action]").count() == 0
        or "Accept" not in supervisor.locator("select[name=action]").inner_text()
    )
    screenshot(supervisor, "mobility-admin-supervisor")
    supervisor.goto(base + f"/admin/mobility/recommendation/add/?application={imep.pk}")
    supervisor.get_by_label("Opinion").select_option("recommended")
    supervisor.get_by_label("Comment").fill("Strong clinical record; ready for the Dallas clerkships.")
    supervisor.locator("input[name=_save]").click()
    supervisor.locator(".messagelist .success").wait_for()
    assert imep.recommendations.get().opinion == "recommended"
    screenshot(supervisor, "mobility-admin-recommendation")
    supervisor.context.close()
