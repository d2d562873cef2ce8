"""The learning agreement's pages as people see them (found by the page review): on a phone the
course tables are one card per component instead of a table scrolling sideways, and on a laptop
the student's form keeps its "virtual component" and "delete" boxes apart, in English and French."""

import pytest
from django.conf import settings

from tests.conftest import login_as
from tests.factories import StaffFactory

from .factories import drafted, outgoing_mobility, signed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {"en": ("Title", "Semester", "ECTS"), "fr": ("Intitulé", "Semestre", "ECTS")}
BOXES = {"en": ("Virtual component", "Delete"), "fr": ("Enseignement à distance", "Supprimer")}


def _in(page, language):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.live_server_url}]
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_component_is_a_card_on_a_390_px_screen(page, screenshot, language):
    staff = StaffFactory()
    record, coordinator = outgoing_mobility(staff)
    signed(record, staff, coordinator)
    login_as(page, record.application.student)
    _in(page, language)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.live_server_url}/mobilities/{record.pk}/")

    rows = page.get_by_test_id("component")
    assert rows.count() == 4  # two in Table A, two in Table B
    for n in range(rows.count()):
        box = rows.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    title_cell = rows.first.locator("td").nth(1)
    labels = [
        rows.first.locator("td").nth(i).evaluate("td => getComputedStyle(td, '::before').content")
        for i in (1, 2, 3)
    ]
    assert labels == [f'"{label}"' for label in LABELS[language]]  # each value says its column
    assert "Internal medicine clerkship" in title_cell.inner_text()
    for table in page.locator("table").all():
        scroll, client = table.evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
        assert scroll <= client, "a course table scrolls sideways"
    screenshot(page, f"learning-components-390-{language}")


def _overlap(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_virtual_and_delete_boxes_do_not_overlap_at_1280_px(page, screenshot, language):
    record, _coordinator = outgoing_mobility(StaffFactory())
    drafted(record)
    login_as(page, record.application.student)
    _in(page, language)
    page.goto(f"{page.live_server_url}/mobilities/{record.pk}/edit/")

    virtual, delete = BOXES[language]
    row = page.get_by_test_id("row-A-0")
    form = page.locator("form.card").bounding_box()
    boxes = [row.get_by_text(virtual, exact=True), row.get_by_text(delete, exact=True)]
    for label in boxes:
        # The whole label stays within its column (it ran over the next one) and the form.
        right, column_right = label.evaluate(
            "el => [el.getBoundingClientRect().right, el.closest('[class*=col-]').getBoundingClientRect().right]"
        )
        assert right <= column_right + 0.5, (right, column_right)
        assert right <= form["x"] + form["width"]
    assert not _overlap(boxes[0].bounding_box(), boxes[1].bounding_box())
    code, semester = row.locator("input[name$=-code]"), row.locator("input[name$=-semester]")
    assert code.bounding_box()["y"] == semester.bounding_box()["y"]  # the row's inputs line up
    screenshot(page, f"learning-edit-1280-{language}")


def test_the_mobilities_list_is_one_card_per_mobility_on_a_390_px_screen(page, screenshot):
    staff = StaffFactory()
    record, coordinator = outgoing_mobility(staff)
    signed(record, staff, coordinator)
    login_as(page, coordinator)
    _in(page, "fr")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.live_server_url}/mobilities/")
    row = page.get_by_test_id(f"mobility-{record.pk}")
    box = row.bounding_box()
    assert box["x"] + box["width"] <= 390, box  # the agreement's state was off the right edge
    assert row.get_by_text("Signé par les trois parties").is_visible()
    label = row.locator("td").nth(4).evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Contrat d’études"'
    screenshot(page, "learning-mobilities-390-fr")
