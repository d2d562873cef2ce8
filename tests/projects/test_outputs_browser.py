"""A visitor reads a project's partners and outputs on its public page, on a desktop and a phone."""

import io

import pytest

from projects import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_project_page_shows_partners_and_outputs(page, screenshot, width):
    demo.seed(io.StringIO())
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.live_server_url}/projects/ideal4preparedness/")

    aside = page.locator("aside").inner_text()
    for name in (
        "Université Paris Cité",
        "Semmelweis University",
        "Medical University of Sofia",
        "Institut Pasteur",
    ):
        assert name in aside
    assert "ASSOCIATED PARTNERS" in aside.upper()

    outputs = page.get_by_test_id("output")
    texts = outputs.all_inner_texts()
    assert len(texts) == 4  # the public deliverables only
    assert any(
        "Train the Trainers seminar 2026: teaching toolkit" in t and "Published May 2026" in t for t in texts
    )
    # Due on 31 January 2027: "Expected January 2027" until then, "In preparation" if still not delivered.
    assert any(
        "Outbreak simulation scenarios" in t and ("Expected January 2027" in t or "In preparation" in t)
        for t in texts
    )
    assert any("Clinical cases on emerging infections" in t and "In preparation" in t for t in texts)
    assert not any("Quality and risk management plan" in t for t in texts)
    link = page.get_by_role("link", name="Train the Trainers seminar 2026: teaching toolkit")
    assert link.get_attribute("href") == "https://ideal.u-paris.fr"
    # Nothing scrolls sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("#outputs").scroll_into_view_if_needed()
    screenshot(page, f"project-outputs-{width}")
