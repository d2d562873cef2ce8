"""The demo's incoming students: their histories read in order. The demo backdates what it plays
(nominated in September, submitted days later), but `created` took the seeding day, so an
application's page said "Draft started 29 November" above "Submitted 14 September" (found by the
page review)."""

import datetime
import io
import re

import pytest
from django.urls import reverse

from accounts import demo as accounts_demo
from mobility import demo as mobility_demo
from mobility.models import Application, Nomination
from partners import demo as partners_demo

pytestmark = pytest.mark.django_db

WHEN = re.compile(r"(\d{1,2} [A-Z][a-z]+ \d{4}), (\d{2}:\d{2}) Paris time")


def _dates(html):
    return [datetime.datetime.strptime(" ".join(m), "%d %B %Y %H:%M") for m in WHEN.findall(html)]


def test_every_incoming_history_reads_in_chronological_order(client):
    accounts_demo.seed(io.StringIO())
    partners_demo.seed(io.StringIO())
    mobility_demo.seed(io.StringIO())
    applications = Application.objects.filter(direction="incoming")
    assert applications.count() >= 5
    for application in applications:
        client.force_login(application.student)
        page = client.get(reverse("mobility:application", args=[application.pk])).content.decode()
        timeline = page[page.index('data-testid="timeline"') :].split("</ol>")[0]
        dates = _dates(timeline)
        assert len(dates) == 1 + application.transitions.count()  # "Draft started", then each move
        assert dates == sorted(dates), f"{application.full_name}: {dates}"
    for nomination in Nomination.objects.all():
        moments = [nomination.created, *nomination.transitions.values_list("at", flat=True)]
        assert moments == sorted(moments), f"{nomination.full_name}: {moments}"
        assert nomination.created.year == 2026  # the demo's September, not the seeding day
