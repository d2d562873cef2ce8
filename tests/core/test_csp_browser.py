"""The Content-Security-Policy breaks nothing (issue 12): a real browser visits the main pages and
the admin and hears no `securitypolicyviolation` and no console error; the motivation counter
and a PDF refused for JavaScript, at desktop and phone widths."""

import io

import pikepdf
import pytest
from django.urls import reverse

from tests.conftest import login_as
from tests.factories import AgreementFactory, StudentFactory, UserFactory
from tests.mobility.factories import ApplicationFactory, CallFactory, DocumentRequirementFactory
from tests.summerschool.factories import SummerSchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def watch(page):
    """Collect CSP violations and console errors of every page the tab opens."""
    errors = []
    page.add_init_script(LISTEN)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def visit(page, errors, url):
    response = page.goto(page.live_server_url + url)
    assert response.status < 400, (url, response.status)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__csp")
    assert not violations, (url, violations)
    assert not errors, (url, errors)


def test_main_pages_and_the_admin_run_under_the_policy(page):
    errors = watch(page)
    school = SummerSchoolFactory()
    call = CallFactory(agreements=[AgreementFactory()])
    application = ApplicationFactory(call=call, complete=True)
    for url in [
        "/",
        "/partners/",
        "/summer-schools/",
        school.get_absolute_url(),
        "/programmes/",
        "/key-figures/",
        "/accounts/login/",
        "/accounts/signup/",
        "/certificates/verify/",
    ]:
        visit(page, errors, url)

    login_as(page, application.student)
    for url in [
        "/applications/",
        reverse("mobility:step", args=[application.pk, "motivation"]),
        reverse("mobility:step", args=[application.pk, "documents"]),
        reverse("summerschool:register", args=[school.slug]),
        "/accounts/email/",
    ]:
        visit(page, errors, url)
    # Bootstrap's JavaScript (the account menu) works.
    page.get_by_test_id("account-menu").click()
    page.get_by_role("link", name="Change password").wait_for()

    page.context.clear_cookies()
    superuser = UserFactory(is_staff=True, is_superuser=True, role="staff")
    login_as(page, superuser)
    for url in [
        "/admin/",
        "/admin/mobility/application/",
        reverse("admin:mobility_application_change", args=[application.pk]),
        "/admin/mobility/application/export/",
        "/admin/mobility/call/add/",
        "/admin/partners/institution/",
        "/admin/partners/agreement/import/",
        "/admin/accounts/user/",
        "/admin/summerschool/summerschool/",
    ]:
        visit(page, errors, url)
    # The admin's own scripts run: the changelist's "select all" ticks every row.
    page.goto(page.live_server_url + "/admin/mobility/application/")
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select").first.is_checked()


def _pdf_with_javascript():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("width", [1280, 390])
def test_motivation_counter_and_a_refused_pdf(page, screenshot, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch(page)
    requirement = DocumentRequirementFactory(
        call=CallFactory(), name="Transcript of records", allowed_kinds="pdf"
    )
    student = StudentFactory(first_name="Léa", last_name="Dubois")
    application = ApplicationFactory(call=requirement.call, student=student)
    login_as(page, student)

    visit(page, errors, reverse("mobility:step", args=[application.pk, "motivation"]))
    counter = page.get_by_test_id("charcount")
    assert counter.inner_text() == "0 of 5,000 characters"
    text = "I want to learn how another health system works.\n" * 10
    page.get_by_label("Motivation").fill(text)
    assert counter.inner_text() == f"{len(text)} of 5,000 characters"
    page.get_by_label("Motivation").fill("x" * 6000)  # the browser stops at the limit
    assert counter.inner_text() == "5,000 of 5,000 characters"
    page.get_by_label("Motivation").fill("I want to learn how another health system works. " * 60)
    screenshot(page, f"security-motivation-counter-{width}")

    visit(page, errors, reverse("mobility:step", args=[application.pk, "documents"]))
    bad = tmp_path / "transcript.pdf"
    bad.write_bytes(_pdf_with_javascript())
    row = page.get_by_test_id(f"doc-{requirement.pk}")
    row.locator("input[type=file]").set_input_files(str(bad))
    row.get_by_role("button", name="Upload").click()
    page.get_by_text("contains JavaScript").wait_for()
    screenshot(page, f"security-pdf-refused-{width}")
    assert not application.documents.exists()
    assert not page.evaluate("window.__csp")


def test_counter_in_french(page):
    application = ApplicationFactory(call=CallFactory())
    login_as(page, application.student)
    page.goto(page.live_server_url + reverse("mobility:step", args=[application.pk, "motivation"]))
    page.get_by_test_id("lang-fr").click()
    page.get_by_text("5 000 caractères au plus").wait_for()
    assert page.get_by_test_id("charcount").inner_text().replace("\u202f", " ") == "0 caractères sur 5 000"
