"""Selection by merit end to end: staff enter marks (one application in its page, the rest from a
file), preview and publish the allocation; one student confirms; another declines, and the next in
line who chose that partner gets the offer by email and confirms it. Phone width (390 px) too."""

import pytest

from mobility.models import Application, Status
from tests.conftest import login_as
from tests.factories import StaffFactory

from .factories_selection import applicant, contest_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _student_page(page, user, width=1280):
    context = page.context.browser.new_context(
        locale="en-GB", timezone_id="Europe/Paris", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.live_server_url = page.live_server_url
    pg.on("dialog", lambda dialog: dialog.accept())
    login_as(pg, user)
    return pg


def test_staff_mark_preview_publish_then_students_confirm_and_decline(page, mailoutbox, screenshot, tmp_path):
    base = page.live_server_url
    call, (paris_seat, lyon_seat) = contest_call(seats=(1, 1), title="Erasmus+ academic exchanges in Europe")
    for agreement, name in (
        (paris_seat, "Université Paris Cité Partner"),
        (lyon_seat, "Karolinska Institutet"),
    ):
        agreement.institution.name = name
        agreement.institution.save()
    paris_seat.refresh_from_db()
    lea = applicant(call, [paris_seat], first_name="Léa", last_name="Dubois", student_number="22001")
    hugo = applicant(call, [lyon_seat], first_name="Hugo", last_name="Martin", student_number="22002")
    ines = applicant(
        call, [paris_seat, lyon_seat], first_name="Inès", last_name="Benali", student_number="22003"
    )
    tom = applicant(call, [paris_seat], first_name="Thomas", last_name="Lefèvre", student_number="22004")

    # Staff: Léa's marks on her application page.
    login_as(page, StaffFactory())
    page.goto(base + f"/admin/mobility/application/{lea.pk}/change/")
    grades, interview = call.selection_criteria.order_by("order", "pk")
    page.locator("select[name='marks-0-criterion']").select_option(str(grades.pk))
    page.locator("input[name='marks-0-value']").fill("18")
    page.locator("select[name='marks-1-criterion']").select_option(str(interview.pk))
    page.locator("input[name='marks-1-value']").fill("9")
    screenshot(page, "selection-admin-marks")
    page.locator("input[name='_continue']").click()
    page.locator(".messagelist .success").wait_for()
    lea.refresh_from_db()
    assert lea.score is not None

    # The others from a file: first with a mistake (nothing imported, the row named), then right.
    bad = tmp_path / "marks.csv"
    bad.write_text("student_number,Grade average,Interview\n22002,16,8\n22003,twelve,6\n22004,10,5\n")
    page.goto(base + f"/admin/mobility/call/{call.pk}/marks/")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Import the marks").click()
    page.get_by_text("Row 3, Grade average: “twelve” is not a number.").wait_for()
    screenshot(page, "selection-admin-import-refused")
    assert not Application.objects.filter(pk=hugo.pk, score__isnull=False).exists()
    good = tmp_path / "marks-fixed.csv"
    good.write_text("student_number,Grade average,Interview\n22002,16,8\n22003,12,6\n22004,10,5\n")
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Import the marks").click()

    # The preview: ranks, places, waiting list; then publish.
    page.get_by_role("heading", name="Ranking and places").wait_for()
    table = page.locator("#allocation-preview").inner_text()
    assert "Waiting list, no. 1" in table and "Waiting list, no. 2" in table
    screenshot(page, "selection-admin-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "selection-admin-preview-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Publish the allocation").click()
    page.get_by_text("Published: 2 places offered, 2 on the waiting list").wait_for()
    screenshot(page, "selection-admin-published")
    for a in (lea, hugo, ines, tom):
        a.refresh_from_db()
    assert [a.status for a in (lea, hugo, ines, tom)] == [
        Status.ACCEPTED, Status.ACCEPTED, Status.WAITLISTED, Status.WAITLISTED
    ]  # fmt: skip

    # Léa confirms on her dashboard (phone width).
    lea_page = _student_page(page, lea.student, width=390)
    lea_page.goto(base + "/applications/")
    offer = lea_page.get_by_test_id(f"offer-{lea.pk}")
    assert "Paris time" in offer.get_by_test_id("reply-by").inner_text()
    screenshot(lea_page, "selection-student-offer-390")
    offer.get_by_role("button", name="I take the place").click()
    lea_page.get_by_text("Your application is now “Confirmed”").wait_for()
    lea_page.goto(base + f"/applications/{lea.pk}/")
    assert "Grade average" in lea_page.get_by_test_id("score-components").inner_text()
    screenshot(lea_page, "selection-student-score-390")
    lea_page.context.close()

    # Hugo declines Karolinska: it goes to Inès (who chose it), not to Thomas (who did not).
    mailoutbox.clear()
    hugo_page = _student_page(page, hugo.student)
    hugo_page.goto(base + "/applications/")
    hugo_page.get_by_test_id(f"offer-{hugo.pk}").get_by_role("button", name="Decline the place").click()
    hugo_page.get_by_text("Your application is now “Withdrawn”").wait_for()
    hugo_page.context.close()
    offered = [m for m in mailoutbox if "a place is offered" in m.subject]
    assert [m.to for m in offered] == [[ines.student.email]]
    assert "Karolinska Institutet" in offered[0].body

    # Inès follows the email, sees her deadline and confirms.
    ines_page = _student_page(page, ines.student, width=390)
    link = next(line for line in offered[0].body.splitlines() if "/applications/" in line)
    ines_page.goto(base + link[link.index("/applications/") :].strip())
    ines_page.get_by_test_id(f"offer-{ines.pk}").wait_for()
    screenshot(ines_page, "selection-student-waitlist-offer-390")
    ines_page.get_by_test_id(f"offer-{ines.pk}").get_by_role("button", name="I take the place").click()
    ines_page.get_by_text("Your application is now “Confirmed”").wait_for()
    ines_page.context.close()

    # Thomas is still waiting, now first on the list.
    tom_page = _student_page(page, tom.student)
    tom_page.goto(base + "/applications/")
    assert "Waiting list: number 1." in tom_page.get_by_test_id("waitlist-position").inner_text()
    tom_page.context.close()

    # Staff see each seat's history.
    page.goto(base + f"/admin/mobility/call/{call.pk}/allocation/")
    history = page.locator("#offer-history").inner_text()
    assert "Declined or withdrawn" in history and "Freed seat, from the waiting list" in history
    screenshot(page, "selection-admin-history")
