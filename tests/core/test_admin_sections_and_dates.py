"""The back office reads as one: one "Accounts" section, one way of writing dates (issue 14, item 6)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests.factories import StaffFactory
from tests.mobility.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _sections(html):
    return re.findall(r'<caption>\s*<a href="[^"]*" class="section"[^>]*>([^<]+)</a>', html)


def test_the_admin_index_and_sidebar_have_one_accounts_section(client, admin_user):
    for user in (admin_user, StaffFactory()):
        client.force_login(user)
        html = client.get(reverse("admin:index")).content.decode()
        sections = _sections(html)
        assert sections.count("Accounts") == 1, sections
        assert len(sections) == len(set(sections)), sections
        accounts = html.split('class="section" title="Models in the Accounts application">Accounts</a>')[1]
        accounts = accounts.split("</table>")[0]
        assert "Users" in accounts and "Email addresses" in accounts
    # The app page of allauth's emails still works on its own.
    assert client.get(reverse("admin:app_list", args=["account"])).status_code == 200


def test_dates_are_written_one_way_in_both_languages():
    instant = datetime.datetime(2026, 11, 1, 23, 59, tzinfo=datetime.UTC)
    local = timezone.localtime(instant)
    with translation.override("en"):
        assert formats.date_format(local, "DATETIME_FORMAT") == "2 November 2026, 00:59"
        assert formats.date_format(local.date(), "DATE_FORMAT") == "2 November 2026"
    with translation.override("fr"):
        assert formats.date_format(local, "DATETIME_FORMAT") == "2 novembre 2026, 00:59"


def test_the_applications_list_writes_submission_times_like_the_rest(client, admin_user):
    application = ApplicationFactory(complete=True, status="submitted")
    submitted = timezone.make_aware(datetime.datetime(2026, 11, 1, 9, 5))
    type(application).objects.filter(pk=application.pk).update(submitted_at=submitted)
    client.force_login(admin_user)
    html = client.get(reverse("admin:mobility_application_changelist")).content.decode()
    assert "1 Nov 2026, 09:05" in html
    assert "01/11/2026" not in html
