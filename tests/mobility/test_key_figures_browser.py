"""The key figures and the home page in a real browser, on the demo's records: every year in range
(2025–26 with zeros), the year under way marked, the brochure note, the split by period asked (the
demo's records, imported from the brochure, say none: "not recorded"), the CSV download, in English
and French; the home figures from the data (screenshots in test-artifacts/, 1280 px and 390 px)."""

import io

import pytest

from mobility.demo import records as demo_records
from tests.mobility.factories_records import MobilityRecordFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_key_figures_every_year_with_csv_and_home_figures(page, screenshot):
    from django.conf import settings

    from core import academic
    from mobility.models import Period, RecordSource
    from partners.models import AgreementKind, Direction

    demo_records.seed(io.StringIO())  # the brochure's tables, 2021–22 to 2024–25
    current = academic.current_academic_year()
    MobilityRecordFactory(
        academic_year=current,
        direction=Direction.OUTGOING,
        programme=AgreementKind.ACADEMIC_EXCHANGE,
        period=Period.SEMESTER_2,
        source=RecordSource.APPLICATION,
    )
    base = page.live_server_url
    page.goto(base + "/key-figures/")
    header = page.get_by_test_id("table-academic").locator("thead th").all_inner_texts()
    years = [academic.label(y) for y in range(current - 5, current)]
    assert header[1:-1] == years
    assert header[-1].split() == [academic.label(current), "so", "far"]  # still being recorded
    cells = page.get_by_test_id("row-academic-outgoing").locator("td").all_inner_texts()
    assert cells == ["21", "48", "36", "46", "0", "1"]  # 2025–26: nothing recorded, shown as 0
    assert "211 outgoing and 416" in page.get_by_test_id("brochure-academic").inner_text()
    screenshot(page, "key-figures-every-year")

    # By period asked: the brochure's records do not say it; the application does.
    periods = page.get_by_test_id("periods-academic")
    assert periods.get_by_test_id("period-academic-outgoing-not_recorded").locator("td").all_inner_texts() == [
        "21", "48", "36", "46", "0", "0"
    ]  # fmt: skip
    assert periods.get_by_test_id("period-academic-outgoing-semester_2").locator("td").all_inner_texts() == [
        "0", "0", "0", "0", "0", "1"
    ]  # fmt: skip
    assert periods.locator("th[scope=row]").first.inner_text() == "First semester"
    assert "not guessed from their dates" in page.get_by_test_id("periods-note-academic").inner_text()
    assert page.locator("#chart-academic-periods").is_visible()  # drawn by Chart.js beside the table
    assert page.locator("#chart-academic-periods").bounding_box()["height"] > 200
    screenshot(page, "key-figures-periods-1280")
    with page.expect_download() as download:
        page.get_by_test_id("csv").click()
    assert download.value.suggested_filename == "key-figures.csv"
    text = download.value.path().read_text(encoding="utf-8")
    assert "Academic exchanges,Outgoing,2024–25,46," in text
    assert text.splitlines()[0].endswith("Students: Period not recorded")
    assert f"Academic exchanges,Outgoing,{academic.label(current)},1," in text

    # In French, at 390 px: the same tables, the periods in French, nothing wider than the screen.
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": base}])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/key-figures/")
    periods = page.get_by_test_id("periods-academic")
    labels = periods.locator("th[scope=row]").all_inner_texts()
    assert labels[:4] == ["Premier semestre", "Second semestre", "Année complète", "Période non renseignée"]
    assert periods.locator("th[scope=rowgroup]").all_inner_texts() == ["Sortant", "Entrant"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the tables scroll in their box
    # Each table's caption stays readable on screen while its table scrolls (it was cut at the edge).
    text_edges = "el => { const r = document.createRange(); r.selectNodeContents(el);"
    text_edges += " const b = r.getBoundingClientRect(); return [b.left, b.right]; }"
    captions = page.locator(".kf-table > caption").all()
    assert len(captions) >= 2
    for caption in captions:
        left, right = caption.evaluate(text_edges)
        assert left >= 0 and right <= 390, (caption.inner_text(), left, right)
    screenshot(page, "key-figures-periods-fr-390")
    with page.expect_download() as download:
        page.get_by_test_id("csv").click()
    assert "Étudiants : Période non renseignée" in download.value.path().read_text(encoding="utf-8")
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/")
    assert page.get_by_test_id("home-academic").inner_text() == "46"  # 2024–25: the last year recorded
    assert "50+" not in page.content()
    assert academic.label(2024) in page.content()
    screenshot(page, "home-figures-390")
