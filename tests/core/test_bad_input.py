"""Bad input (issue 12): control characters give 400, never 500 (also on PostgreSQL, which refuses
a NUL in a query); free text has limits people see and the server enforces."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.forms import MOTIVATION_MAX_LENGTH
from mobility.forms import MotivationForm
from tests.factories import StaffFactory, StudentFactory
from tests.mobility.factories import ApplicationFactory, CallFactory
from tests.summerschool.factories import SummerSchoolFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/certificates/verify/%00/",
        "/certificates/verify/abc%01def/",
        "/certificates/verify/?code=%00",
        "/partners/?q=%00",
        "/partners/?q=a%1bb",
        "/partners/%0a/",
        "/summer-schools/%00/",
        "/admin/login/?next=%00",
    ],
)
def test_control_characters_in_the_url_are_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"characters that are not allowed" in response.content


def test_control_characters_in_the_admin_search_are_a_400(client):
    client.force_login(StaffFactory())
    assert client.get("/admin/mobility/application/?q=%00").status_code == 400
    assert client.get("/admin/mobility/application/?q=Dupont").status_code == 200


def test_nul_in_a_form_field_is_a_400(client):
    response = client.post(reverse("account_login"), {"login": "a\x00@example.org", "password": "x"})
    assert response.status_code == 400
    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x\x07"})
    assert response.status_code == 400


def test_line_breaks_and_tabs_in_a_textarea_are_ordinary_text(client):
    application = ApplicationFactory(complete=True)
    client.force_login(application.student)
    text = "First paragraph,\twith a tab.\r\n\r\nSecond paragraph. " + "x" * 300
    response = client.post(
        reverse("mobility:step", args=[application.pk, "motivation"]), {"motivation": text, "leave": "1"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.motivation == text.replace("\r\n", "\n")


def test_motivation_limit_is_shown_and_enforced(client):
    application = ApplicationFactory(call=CallFactory())
    client.force_login(application.student)
    url = reverse("mobility:step", args=[application.pk, "motivation"])
    page = client.get(url).content.decode()
    assert 'maxlength="5000"' in page and "data-charcount" in page
    assert "At most 5,000 characters." in page
    response = client.post(url, {"motivation": "x" * (MOTIVATION_MAX_LENGTH + 1), "leave": "1"})
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()
    application.refresh_from_db()
    assert application.motivation == ""


def test_line_breaks_count_once_as_the_browser_counts_them():
    application = ApplicationFactory()
    # 2,499 line breaks sent as CR LF: 5,000 characters in the browser, 7,499 on the wire.
    text = "a\r\n" * 2499 + "ab"
    assert len(text.replace("\r\n", "\n")) == MOTIVATION_MAX_LENGTH
    form = MotivationForm({"motivation": text}, instance=application)
    assert form.is_valid(), form.errors


def test_models_refuse_longer_text_too():
    application = ApplicationFactory(complete=True)
    application.motivation = "x" * (MOTIVATION_MAX_LENGTH + 1)
    with pytest.raises(ValidationError) as exc:
        application.full_clean()
    assert "motivation" in exc.value.message_dict


def test_summer_school_registration_shows_its_limits(client):
    school = SummerSchoolFactory()
    client.force_login(StudentFactory())
    page = client.get(reverse("summerschool:register", args=[school.slug])).content.decode()
    assert 'maxlength="5000"' in page and 'maxlength="500"' in page
    assert page.count("data-charcount") == 2
