"""The incoming story end to end in a real browser: a partner coordinator nominates, the student
follows the invitation through allauth's signup and email verification, applies, staff accept in
the admin, the student downloads the acceptance letter, the coordinator sees "Accepted"."""

import re
import shutil
import subprocess

import pytest

from mobility.models import Application, Nomination, NominationStatus, Status
from partners.models import AgreementKind
from tests.conftest import ARTIFACTS, login_as
from tests.factories import AgreementFactory, CoordinatorFactory, InstitutionFactory, StaffFactory

from .factories import PDF_BYTES, CriterionFactory
from .factories_nominations import incoming_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCUMENTS = ("Transcript of records", "Immunization record")


def path_of(url):
    return url[url.index("/", url.index("//") + 2) :]


def new_page(page):
    """A second, separate browser (its own cookies) on the same live server."""
    other = page.context.browser.new_context(
        locale="en-GB", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900}
    )
    other.set_default_timeout(15_000)
    pg = other.new_page()
    pg.live_server_url = page.live_server_url
    return pg


@pytest.fixture
def heidelberg():
    institution = InstitutionFactory(name="Universität Heidelberg", country="DE", city="Heidelberg")
    agreement = AgreementFactory(
        institution=institution, kind=AgreementKind.ACADEMIC_EXCHANGE, incoming_seats=2, study_year_min=3
    )
    coordinator = CoordinatorFactory(
        first_name="Anna", last_name="Schneider", email="anna.schneider@uni-heidelberg.example",
        institutions=[institution],
    )  # fmt: skip
    call = incoming_call(
        agreements=[agreement],
        documents=DOCUMENTS,
        title="Erasmus+ academic exchange at UPCité Medical School (incoming)",
    )
    CriterionFactory(call=call, text="Study year within the programme's range", checked_by="study_year")
    return coordinator, call


def test_nomination_invitation_application_acceptance_letter_and_status(
    page, heidelberg, mailoutbox, screenshot, tmp_path
):
    coordinator, call = heidelberg
    base = page.live_server_url

    # 1. The coordinator nominates Lena on /nominations/.
    coord_page = new_page(page)
    login_as(coord_page, coordinator)
    coord_page.goto(base + "/nominations/")
    coord_page.get_by_role("heading", name="Nominations", exact=True).wait_for()
    assert coord_page.get_by_test_id("seats-left").inner_text() == "2"
    coord_page.get_by_role("link", name="Nominate", exact=True).click()
    coord_page.get_by_label("First name").fill("Lena")
    coord_page.get_by_label("Last name").fill("Hoffmann")
    coord_page.get_by_label("Student's email").fill("lena.hoffmann@stud.uni-heidelberg.example")
    coord_page.get_by_label("Study year during the mobility").select_option("4")
    coord_page.get_by_label("Length").select_option("semester")
    coord_page.get_by_label("Wished departments or research interests").fill("Cardiology, emergency medicine")
    coord_page.get_by_label("Wished start").fill(f"{call.academic_year}-09-01")
    coord_page.get_by_label("Wished end").fill(f"{call.academic_year + 1}-01-31")
    screenshot(coord_page, "nominations-nominate-form")
    coord_page.get_by_role("button", name="Nominate and send the invitation").click()
    coord_page.get_by_text("Lena Hoffmann is nominated").wait_for()
    assert coord_page.get_by_test_id("seats-left").inner_text() == "1"
    assert coord_page.get_by_test_id("nominee").get_by_test_id("status").inner_text() == "Invited"

    # 2. The invitation email; Lena follows its link, signs up, verifies her address, logs in.
    invitation = next(m for m in mailoutbox if m.to == ["lena.hoffmann@stud.uni-heidelberg.example"])
    assert "Universität Heidelberg has nominated you" in invitation.body
    link = re.search(r"https?://\S+/invitation/\S+/", invitation.body).group(0)
    page.goto(base + path_of(link))
    page.get_by_role("heading", name="Your invitation to apply").wait_for()
    screenshot(page, "nominations-invitation")
    page.get_by_test_id("signup").click()
    page.locator("#id_email").fill("lena.hoffmann@stud.uni-heidelberg.example")
    page.get_by_label("First name").fill("Lena")
    page.get_by_label("Last name").fill("Hoffmann")
    page.locator("#id_password1").fill("Charité-Exchange-2026!")
    page.locator("#id_password2").fill("Charité-Exchange-2026!")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_text("Verify Your Email Address").first.wait_for()
    confirm = next(m for m in mailoutbox if "/accounts/confirm-email/" in m.body)
    page.goto(base + path_of(re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirm.body).group(0)))
    page.get_by_role("button", name="Confirm").click()
    page.locator("#id_login").fill("lena.hoffmann@stud.uni-heidelberg.example")
    page.locator("#id_password").fill("Charité-Exchange-2026!")
    page.get_by_role("button", name="Sign In").click()

    # 3. She lands in her incoming application, pre-filled from the nomination.
    page.get_by_label("Date of birth").wait_for()
    application = Application.objects.get(student__email="lena.hoffmann@stud.uni-heidelberg.example")
    assert page.url.endswith(f"/applications/{application.pk}/step/personal/")
    assert page.get_by_label("First name").input_value() == "Lena"
    assert page.get_by_label("Last name").input_value() == "Hoffmann"
    assert "Preferences" not in page.get_by_role("navigation", name="Application steps").inner_text()
    page.get_by_label("Date of birth").fill("2003-02-11")
    page.get_by_label("Nationality").select_option("DE")
    screenshot(page, "nominations-student-personal")
    page.get_by_test_id("save-next").click()
    assert page.get_by_label("Home institution").input_value() == "Universität Heidelberg"
    assert page.get_by_label("Home institution").is_disabled()
    page.get_by_label("Student number").fill("HD-3318204")
    page.get_by_label("I am enrolled and in good standing").check()
    page.get_by_test_id("save-next").click()
    page.get_by_label("Motivation").fill(
        "I want to follow cardiology and emergency medicine in a Paris teaching hospital and improve my "
        "French in clinical practice before my final year in Heidelberg. " * 2
    )
    page.get_by_test_id("save-next").click()
    for name in DOCUMENTS:
        requirement = call.document_requirements.get(name=name)
        file = tmp_path / f"{name.lower().replace(' ', '-')}.pdf"
        file.write_bytes(PDF_BYTES)
        row = page.get_by_test_id(f"doc-{requirement.pk}")
        row.locator("input[type=file]").set_input_files(str(file))
        row.get_by_role("button", name="Upload").click()
        page.get_by_text(f"“{name}” received.").wait_for()
    screenshot(page, "nominations-student-documents")
    page.get_by_role("link", name="Continue: check and submit").click()
    page.get_by_test_id("submit").click()
    page.get_by_text("Your application was submitted").wait_for()
    assert page.get_by_test_id("status").inner_text() == "Submitted"

    # The coordinator follows it: submitted, nothing missing.
    coord_page.goto(base + "/nominations/")
    assert coord_page.get_by_test_id("nominee").get_by_test_id("status").inner_text() == "Submitted"
    assert "All required documents received." in coord_page.get_by_test_id("nominee").inner_text()

    # 4. Staff start the review and accept in the admin.
    staff_page = new_page(page)
    login_as(staff_page, StaffFactory())
    for action in ("Start the review of the selected applications", "Accept the selected applications"):
        staff_page.goto(base + "/admin/mobility/application/")
        staff_page.locator(f"input[name=_selected_action][value='{application.pk}']").check()
        staff_page.locator("select[name=action]").select_option(label=action)
        staff_page.get_by_role("button", name="Go").click()
        staff_page.get_by_label("Comment").fill("Welcome to UPCité Medical School.")
        staff_page.locator("input[type=submit][value^='Confirm']").click()
        staff_page.locator(".messagelist .success").wait_for()
    staff_page.context.close()
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED

    # 5. Lena downloads her acceptance letter from her dashboard: it names her and mentions the visa.
    page.goto(base + "/applications/")
    assert page.get_by_test_id("status").first.inner_text() == "Accepted"
    assert "Nominated by Universität Heidelberg" in page.get_by_test_id("nominated-by").inner_text()
    screenshot(page, "nominations-student-dashboard-accepted")
    with page.expect_download() as info:
        page.get_by_test_id("acceptance-letter").click()
    pdf = tmp_path / "letter.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Lena Hoffmann" in text and "Universität Heidelberg" in text
    assert "long-stay student visa" in " ".join(re.sub(r"-\n\s*", "-", text).split())
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(tmp_path / "l")], check=True)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "l.png", ARTIFACTS / "nominations-letter-pdf.png")

    # 6. The coordinator sees "Accepted" on /nominations/ and on the nomination page.
    coord_page.goto(base + "/nominations/")
    assert coord_page.get_by_test_id("nominee").get_by_test_id("status").inner_text() == "Accepted"
    screenshot(coord_page, "nominations-list-accepted")
    coord_page.get_by_role("link", name="Lena Hoffmann").click()
    assert coord_page.get_by_test_id("status").inner_text() == "Accepted"
    assert "Transcript of records" in coord_page.get_by_test_id("documents").inner_text()
    screenshot(coord_page, "nominations-detail-accepted")
    coord_page.context.close()
    nomination = Nomination.objects.get()
    assert (nomination.status, nomination.application_id) == (NominationStatus.CLAIMED, application.pk)


def test_incoming_page_explains_where_to_apply(page, heidelberg, screenshot):
    page.goto(page.live_server_url + "/programmes/incoming/")
    page.get_by_role("heading", name="Coming to UPCité Medical School").wait_for()
    refused = page.get_by_test_id("not-accepted").inner_text()
    assert "Clinical placements for students of non-partner universities." in refused
    assert "Erasmus traineeship requests." in refused
    screenshot(page, "nominations-incoming-page")


def test_demo_coordinators_pages(page, screenshot):
    """The demo's nominations in several states, and the IMEP plan, as the coordinators see them."""
    import io

    from accounts import demo as accounts_demo
    from accounts.models import User
    from mobility.demo import calls as demo
    from mobility.demo import incoming as demo_incoming

    for module in (accounts_demo, demo, demo_incoming):
        module.seed(io.StringIO())
    base = page.live_server_url
    login_as(page, User.objects.get(email="coordinator@iro.example"))
    page.goto(base + "/nominations/")
    statuses = page.get_by_test_id("nominee").get_by_test_id("status").all_inner_texts()
    assert {"Submitted", "Draft", "Withdrawn by the coordinator", "Accepted", "Invited"} <= set(statuses)
    assert "Ethan Miller" not in page.content()  # UT Southwestern's nominee, another coordinator's
    screenshot(page, "nominations-demo-list")
    page.context.clear_cookies()

    login_as(page, User.objects.get(email="imep.coordinator@utsw.example"))
    page.goto(base + "/nominations/")
    page.get_by_role("link", name="Ethan Miller").click()
    plan = page.get_by_test_id("rotations").inner_text()
    assert "Paediatrics (core clerkship)" in plan and "Rotation abroad: Cusco, Peru" in plan
    assert "6 months of core clerkships, 12 months in all" in plan
    screenshot(page, "nominations-demo-imep-detail")


def test_coordinator_pages_in_french(page, heidelberg, screenshot):
    """The EN/FR switcher on the coordinator's list and the public incoming page."""
    coordinator, _call = heidelberg
    base = page.live_server_url
    login_as(page, coordinator)
    page.goto(base + "/nominations/")
    page.get_by_test_id("lang-fr").click()
    page.get_by_role("heading", name="Nominer un étudiant").wait_for()
    assert page.locator("html").get_attribute("lang") == "fr"
    screenshot(page, "nominations-list-fr")
    page.get_by_role("link", name="Nominer", exact=True).click()
    page.get_by_role("button", name="Nominer et envoyer l’invitation").wait_for()
    screenshot(page, "nominations-nominate-fr")
    page.goto(base + "/programmes/incoming/")
    assert "Les demandes de stage Erasmus (traineeship)." in page.get_by_test_id("not-accepted").inner_text()
    screenshot(page, "nominations-incoming-fr")
