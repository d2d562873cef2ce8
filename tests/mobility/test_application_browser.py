"""A student applies over two visits, staff decide in the admin, the student sees the decision."""

import pytest

from mobility.models import Application, Status
from tests.conftest import login_as
from tests.factories import AgreementFactory, InstitutionFactory, StaffFactory, StudentFactory

from .factories import PDF_BYTES, CallFactory, CriterionFactory, DocumentRequirementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def call():
    karolinska = AgreementFactory(
        institution=InstitutionFactory(name="Karolinska Institutet", country="SE", city="Stockholm")
    )
    leuven = AgreementFactory(institution=InstitutionFactory(name="KU Leuven", country="BE", city="Leuven"))
    late = AgreementFactory(
        institution=InstitutionFactory(name="Only For Year Six", country="IT"),
        study_year_min=6,
        study_year_max=6,
    )
    call = CallFactory(title="Erasmus+ academic exchanges in Europe", agreements=[karolinska, leuven, late])
    transcript = DocumentRequirementFactory(call=call, name="Transcript of records", allowed_kinds="pdf")
    DocumentRequirementFactory(call=call, name="Curriculum vitae", required=False)
    CriterionFactory(call=call, text="Study year within the programme's range", checked_by="study_year")
    CriterionFactory(call=call, text="Enrolled and in good standing", checked_by="declaration")
    CriterionFactory(
        call=call, text="Transcript showing all years passed", checked_by="document", document=transcript
    )
    return call


def test_student_applies_in_two_visits_and_staff_accept_in_the_admin(
    page, call, mailoutbox, screenshot, tmp_path
):
    base = page.live_server_url
    student = StudentFactory(first_name="Léa", last_name="Dubois", email="lea.dubois@example.org")
    login_as(page, student)

    # Visit 1: find the call, start, give personal details, leave.
    page.goto(base + "/programmes/")
    screenshot(page, "mobility-programmes")
    page.get_by_role("link", name="Erasmus+ academic exchanges in Europe").click()
    screenshot(page, "mobility-call-detail")
    page.get_by_role("button", name="Start my application").click()
    page.get_by_label("Date of birth").fill("2003-05-17")
    page.get_by_label("Nationality").select_option("FR")
    page.get_by_label("Phone").fill("+33 6 12 34 56 78")
    screenshot(page, "mobility-step-personal")
    page.get_by_test_id("save-leave").click()
    page.get_by_role("heading", name="My applications").wait_for()
    assert page.get_by_test_id("status").first.inner_text() == "Draft"
    screenshot(page, "mobility-dashboard-draft")
    page.context.clear_cookies()

    # Visit 2: come back, everything typed before is there.
    login_as(page, student)
    page.goto(base + "/applications/")
    page.get_by_role("link", name="Continue my application").click()
    page.wait_for_url("**/step/academic/")  # where the student stopped, the finished step marked
    assert page.get_by_test_id("step-personal").get_attribute("data-done") is not None
    page.get_by_test_id("step-personal").click()
    assert page.get_by_label("Date of birth").input_value() == "2003-05-17"
    page.get_by_test_id("save-next").click()
    page.get_by_label("Student number").fill("22001234")
    page.get_by_label("Study year during the mobility").select_option("4")
    page.get_by_label("Home institution").fill("Université Paris Cité")
    page.get_by_label("I am enrolled and in good standing").check()
    # The call offers a semester or the year: the student says which.
    assert page.get_by_label("Full academic year").is_visible()
    page.get_by_label("Second semester (February to June)").check()
    page.get_by_test_id("save-next").click()
    options = page.get_by_label("Choice 1").locator("option").all_inner_texts()
    assert any("Karolinska" in o for o in options) and not any("Year Six" in o for o in options)
    page.get_by_label("Choice 1").select_option(label=next(o for o in options if "Karolinska" in o))
    page.get_by_label("Choice 2").select_option(label=next(o for o in options if "Leuven" in o))
    screenshot(page, "mobility-step-preferences")
    page.get_by_test_id("save-next").click()
    page.get_by_label("Motivation").fill(
        "I want to train in a Swedish teaching hospital and learn from its primary care. " * 4
    )
    page.get_by_label("Enrolled and in good standing").check()
    page.get_by_test_id("save-next").click()

    # Documents: a disguised file is refused, a real PDF accepted.
    fake = tmp_path / "transcript.pdf"
    fake.write_bytes(b"GIF89a not really a pdf")
    row = page.get_by_test_id(f"doc-{call.document_requirements.get(name='Transcript of records').pk}")
    row.locator("input[type=file]").set_input_files(str(fake))
    row.get_by_role("button", name="Upload").click()
    page.get_by_text("content was checked, not its name").wait_for()
    screenshot(page, "mobility-step-documents-refused")
    real = tmp_path / "transcript-2025.pdf"
    real.write_bytes(PDF_BYTES)
    row = page.get_by_test_id(f"doc-{call.document_requirements.get(name='Transcript of records').pk}")
    row.locator("input[type=file]").set_input_files(str(real))
    row.get_by_role("button", name="Upload").click()
    page.get_by_text("“Transcript of records” received.").wait_for()
    screenshot(page, "mobility-step-documents")
    page.get_by_role("link", name="Continue: check and submit").click()
    screenshot(page, "mobility-review")
    page.get_by_test_id("submit").click()
    page.get_by_text("Your application was submitted").wait_for()
    assert page.get_by_test_id("status").inner_text() == "Submitted"
    screenshot(page, "mobility-application-submitted")

    application = Application.objects.get(student=student)
    assert application.status == Status.SUBMITTED
    assert application.period == "semester_2"
    assert [p.agreement.institution.name for p in application.preferences.all()] == [
        "Karolinska Institutet",
        "KU Leuven",
    ]

    # Staff: start the review, then accept, each time through the action's comment page.
    staff_page = page.context.browser.new_context(locale="en-GB", timezone_id="Europe/Paris").new_page()
    staff_page.live_server_url = base
    login_as(staff_page, StaffFactory())
    for action, comment in [
        ("Start the review of the selected applications", ""),
        ("Accept the selected applications", "Welcome to Karolinska Institutet for the full year."),
    ]:
        staff_page.goto(base + "/admin/mobility/application/")
        staff_page.locator(f"input[name=_selected_action][value='{application.pk}']").check()
        staff_page.locator("select[name=action]").select_option(label=action)
        staff_page.get_by_role("button", name="Go").click()
        staff_page.get_by_label("Comment").fill(comment)
        screenshot(staff_page, "mobility-admin-action-comment")
        staff_page.locator("input[type=submit][value^='Confirm']").click()
        staff_page.locator(".messagelist .success").wait_for()
    screenshot(staff_page, "mobility-admin-changelist")
    staff_page.goto(base + f"/admin/mobility/application/{application.pk}/change/")
    assert "transcript-2025.pdf" in staff_page.content()
    screenshot(staff_page, "mobility-admin-change")
    staff_page.context.close()

    # The student sees "Accepted" and got the email.
    page.goto(base + "/applications/")
    assert page.get_by_test_id("status").first.inner_text() == "Accepted"
    assert "Karolinska Institutet" in page.get_by_test_id("place").inner_text()
    screenshot(page, "mobility-dashboard-accepted")
    subjects = [m.subject for m in mailoutbox if m.to == [student.email]]
    assert any("Accepted" in s for s in subjects), subjects
    accepted = next(m for m in mailoutbox if "Accepted" in m.subject)
    assert "Welcome to Karolinska Institutet" in accepted.body
    assert "Your place: Karolinska Institutet." in accepted.body
