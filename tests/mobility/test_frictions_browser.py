"""Issue 14 in a real browser: "Continue my application" resumes where the student stopped, every
refused form opens on its error summary (focused, each error a link to its field), and the partner
coordinator's pages fit a 390 px phone without sideways scrolling."""

import datetime

import pytest
from django.urls import reverse

from mobility import services
from tests.conftest import login_as
from tests.factories import StudentFactory
from tests.summerschool.factories import SummerSchoolFactory

from .factories import ApplicationFactory, DocumentRequirementFactory
from .factories_nominations import incoming_call, nominate, partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_SUMMARY = "document.activeElement && document.activeElement.hasAttribute('data-error-summary')"
NO_SIDEWAYS_SCROLL = "document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"


def _focused_id(page):
    return page.evaluate("document.activeElement.id")


@pytest.mark.parametrize("width", [1280, 390])
def test_continue_my_application_opens_the_first_step_not_finished(page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    requirement = DocumentRequirementFactory(name="Transcript of records")
    application = ApplicationFactory(call=requirement.call, complete=True, motivation="")
    login_as(page, application.student)
    page.goto(page.live_server_url + reverse("mobility:dashboard"))
    page.get_by_role("link", name="Continue my application").click()
    page.wait_for_url(f"**/applications/{application.pk}/step/motivation/")
    done = page.locator("[data-testid^=step-][data-done]")
    assert [" ".join(t.split(".")[1].split()) for t in done.all_inner_texts()] == [
        "Personal details (done)",
        "Academic situation (done)",
        "Preferences (done)",
    ]
    assert page.get_by_test_id("step-motivation").get_attribute("aria-current") == "step"
    screenshot(page, f"mobility-resume-at-motivation-{width}")

    services.save_draft(
        application, by=application.student, data={"motivation": "Cardiology in Stockholm. " * 12}
    )
    page.goto(page.live_server_url + reverse("mobility:dashboard"))
    page.get_by_role("link", name="Continue my application").click()
    page.wait_for_url(f"**/applications/{application.pk}/step/documents/")


def test_a_refused_application_step_focuses_its_error_summary_whose_links_reach_the_fields(page, screenshot):
    application = ApplicationFactory()
    login_as(page, application.student)
    page.goto(page.live_server_url + reverse("mobility:step", args=[application.pk, "personal"]))
    # Too long (a browser that does not enforce maxlength, or a paste through an extension).
    page.locator("#id_phone").evaluate("el => el.removeAttribute('maxlength')")
    page.get_by_label("Phone").fill("+33 " + "6" * 60)
    page.get_by_test_id("save-next").click()
    summary = page.get_by_test_id("error-summary")
    summary.wait_for()
    assert page.evaluate(FOCUSED_SUMMARY)
    assert "Phone: Ensure this value has at most 40 characters" in summary.inner_text()
    screenshot(page, "a11y-error-summary-step")
    summary.get_by_role("link").first.click()
    assert _focused_id(page) == "id_phone"


def test_a_refused_upload_focuses_the_summary_which_leads_to_the_file_input(page, screenshot, tmp_path):
    requirement = DocumentRequirementFactory(name="Transcript of records")
    application = ApplicationFactory(call=requirement.call)
    login_as(page, application.student)
    page.goto(page.live_server_url + reverse("mobility:step", args=[application.pk, "documents"]))
    empty = tmp_path / "transcript.pdf"
    empty.write_bytes(b"")
    row = page.get_by_test_id(f"doc-{requirement.pk}")
    row.locator("input[type=file]").set_input_files(str(empty))
    row.get_by_role("button", name="Upload").click()
    summary = page.get_by_test_id("error-summary")
    summary.wait_for()
    assert "Transcript of records: The file is empty" in summary.inner_text()
    assert page.evaluate(FOCUSED_SUMMARY)
    screenshot(page, "a11y-error-summary-upload")
    summary.get_by_role("link").click()
    assert _focused_id(page) == f"file-{requirement.pk}"


def test_the_nomination_the_registration_and_the_login_forms_open_on_their_error_summary(page, screenshot):
    coordinator, institution, agreement = partner()
    call = incoming_call(agreements=[agreement])
    login_as(page, coordinator)
    page.goto(page.live_server_url + reverse("mobility:nominate", args=[call.pk, institution.pk]))
    page.get_by_role("button", name="Nominate and send the invitation").click()
    page.get_by_test_id("error-summary").wait_for()
    assert page.evaluate(FOCUSED_SUMMARY)
    screenshot(page, "a11y-error-summary-nomination")
    page.get_by_test_id("error-summary").get_by_role(
        "link", name="First name: This field is required."
    ).click()
    assert _focused_id(page) == "id_first_name"

    page.context.clear_cookies()
    login_as(page, StudentFactory())
    school = SummerSchoolFactory()
    page.goto(page.live_server_url + reverse("summerschool:register", kwargs={"slug": school.slug}))
    page.get_by_role("button", name="Submit my registration").click()
    page.get_by_test_id("error-summary").wait_for()
    assert page.evaluate(FOCUSED_SUMMARY)
    screenshot(page, "a11y-error-summary-registration")

    page.context.clear_cookies()
    page.goto(page.live_server_url + reverse("account_login"))
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_test_id("error-summary").wait_for()
    assert page.evaluate(FOCUSED_SUMMARY)
    screenshot(page, "a11y-error-summary-login")

    page.goto(page.live_server_url + reverse("account_signup"))
    page.get_by_label("Email").fill("new@example.org")
    page.get_by_label("First name").fill("Inès")
    page.get_by_label("Last name").fill("Moreau")
    page.locator("#id_password1").fill("a long enough passphrase 1")
    page.locator("#id_password2").fill("another long passphrase 2")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_test_id("error-summary").wait_for()
    assert page.evaluate(FOCUSED_SUMMARY)
    screenshot(page, "a11y-error-summary-signup")


def test_the_verification_the_erasure_and_the_withdrawal_forms_open_on_their_error_summary(page, screenshot):
    page.goto(page.live_server_url + reverse("summerschool:verify_form"))
    page.get_by_label("Verification code").fill("   ")  # passes the browser's check, not the form's
    page.get_by_role("button", name="Verify").click()
    summary = page.get_by_test_id("error-summary")
    summary.wait_for()
    assert page.evaluate(FOCUSED_SUMMARY)
    screenshot(page, "a11y-error-summary-verification")
    summary.get_by_role("link", name="Verification code: This field is required.").click()
    assert _focused_id(page) == "id_code"

    login_as(page, StudentFactory())
    page.goto(page.live_server_url + reverse("privacy:my_data"))
    page.locator("#id_confirm").evaluate("el => el.removeAttribute('required')")
    page.get_by_test_id("request-erasure").click()
    summary.wait_for()
    assert page.evaluate(FOCUSED_SUMMARY)
    screenshot(page, "a11y-error-summary-erasure")
    summary.get_by_role("link").click()
    assert _focused_id(page) == "id_confirm"

    page.context.clear_cookies()
    coordinator, institution, agreement = partner()
    nomination = nominate(incoming_call(agreements=[agreement]), institution, coordinator, n=1)
    login_as(page, coordinator)
    page.goto(page.live_server_url + reverse("mobility:nomination", args=[nomination.pk]))
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#id_comment").evaluate("el => el.removeAttribute('maxlength')")
    page.locator("#id_comment").fill("Exam clash. " * 50)
    page.get_by_test_id("withdraw").click()
    summary.wait_for()
    assert page.evaluate(FOCUSED_SUMMARY)
    screenshot(page, "a11y-error-summary-withdrawal")
    summary.get_by_role("link").click()
    assert _focused_id(page) == "id_comment"


def test_the_coordinator_pages_fit_a_phone_without_sideways_scrolling(page, screenshot):
    coordinator, institution, agreement = partner(name="Universität Heidelberg")
    call = incoming_call(
        agreements=[agreement],
        title="Incoming academic exchange with a rather long title for a phone",
    )
    nomination = nominate(call, institution, coordinator, n=1, wished_start=datetime.date.today())
    page.set_viewport_size({"width": 390, "height": 844})
    login_as(page, coordinator)
    pages = {
        "coordinator-dashboard": reverse("partners:coordinator_dashboard"),
        "nominations": reverse("mobility:nominations"),
        "nominate": reverse("mobility:nominate", args=[call.pk, institution.pk]),
        "nomination": reverse("mobility:nomination", args=[nomination.pk]),
    }
    for name, url in pages.items():
        page.goto(page.live_server_url + url)
        assert page.evaluate(NO_SIDEWAYS_SCROLL), (
            name,
            page.evaluate("document.scrollingElement.scrollWidth"),
        )
        screenshot(page, f"coordinator-390-{name}")
    # The Nominate button and the seats left are on the screen, not behind a scroll.
    page.goto(page.live_server_url + pages["nominations"])
    button = page.get_by_role("link", name="Nominate", exact=True).bounding_box()
    seats = page.get_by_test_id("seats-left").bounding_box()
    assert button["x"] + button["width"] <= 390 and seats["x"] + seats["width"] <= 390
