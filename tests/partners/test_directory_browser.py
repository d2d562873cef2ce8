"""A long directory in a browser: its pages, the country cut by a page break, the region links; a
long project list that says its pages go on (issue 19), at desktop and phone width."""

import pytest

from core import academic
from partners import services
from partners.models import Agreement, AgreementKind, Duration, Institution
from partners.regions import region_of
from projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = academic.current_academic_year()


def _partners(per_country, countries):
    Institution.objects.bulk_create(
        Institution(
            name=f"University {country} {i:03}", country=country, region=region_of(country), city="City"
        )
        for country in countries
        for i in range(per_country)
    )
    Agreement.objects.bulk_create(
        Agreement(
            institution=institution,
            kind=AgreementKind.ACADEMIC_EXCHANGE,
            valid_from_year=NOW - 1,
            valid_to_year=NOW + 2,
            duration=Duration.SEMESTER,
            is_signed=True,
        )
        for institution in Institution.objects.all()
    )
    services.directory_changed()  # bulk writes: say the partners changed


@pytest.mark.parametrize("width", [1280, 390])
def test_the_directory_pages_say_where_a_country_continues(page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    _partners(70, ["SE", "US", "JP"])
    page.goto(page.live_server_url + "/partners/")
    assert page.get_by_test_id("partner-count").inner_text().startswith("210 partners")
    assert page.get_by_text("Page 1 of 3").is_visible()
    page.get_by_role("link", name="Next").click()
    page.wait_for_url("**page=2&after=*")  # the link names the last partner of page 1
    screenshot(page, f"partners-directory-page-2-{width}")
    headings = page.locator("h3").all_inner_texts()
    assert headings[:2] == ["UNITED STATES OF AMERICA (continued)", "JAPAN"], headings
    page.get_by_role("link", name="Asia").first.click()
    assert page.get_by_text("University JP 000").is_visible()
    assert page.locator(".pagination").count() == 0  # 70 partners in Asia: one page


def test_a_long_project_list_says_its_pages_go_on(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 900})
    Project.objects.bulk_create(
        Project(acronym=f"P{i:04}", slug=f"p{i}", title="t", summary="s", start_year=2020) for i in range(300)
    )
    page.goto(page.live_server_url + "/projects/?page=3")
    assert page.get_by_text("Page 3 of more than 13").is_visible()
    screenshot(page, "projects-page-3-of-more")
