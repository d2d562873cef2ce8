"""The one way dates and instants are written: core/templatetags/paris_time.py, in both languages."""

import datetime

from django.template import Context, Template
from django.utils import translation

from core.templatetags.paris_time import paris

INSTANT = datetime.datetime(2026, 11, 1, 22, 59, tzinfo=datetime.UTC)  # 23:59 in Paris
TEMPLATE = Template(
    "{% load paris_time %}{{ i|paris }}|{{ i|paris_short }}|{{ i|paris_datetime }}|{{ d|day }}|{{ d|day_short }}|"
    "{{ d|month }}|{{ d|period:e }}|{{ i|closes_in:n }}|{{ none|paris }}"
)


def render(lang):
    context = {
        "i": INSTANT,
        "d": datetime.date(2026, 7, 1),
        "e": datetime.date(2026, 7, 14),
        "n": INSTANT - datetime.timedelta(days=3, hours=1),
        "none": None,
    }
    with translation.override(lang):
        return TEMPLATE.render(Context(context)).split("|")


def test_filters_in_english():
    assert render("en") == [
        "1 November 2026, 23:59 Paris time",
        "1 Nov 2026, 23:59",
        "1 November 2026, 23:59",
        "1 July 2026",
        "1 Jul 2026",
        "July 2026",
        "1 July 2026 – 14 July 2026",
        "closes in 3 days",
        "",
    ]


def test_filters_in_french():
    text = render("fr")
    assert text[0] == "1 novembre 2026 à 23:59, heure de Paris"
    assert text[2] == "1 novembre 2026, 23:59"
    assert text[3] == "1 juillet 2026" and text[7] == "clôture dans 3 jours"


def test_short_dates_in_french_are_written_the_french_way():
    """History lines and tables on French pages read "1 nov. 2026", not the English-looking "1 Nov 2026"."""
    text = render("fr")
    assert text[1] == "1 nov. 2026, 23:59"
    assert text[4] == "1 juil. 2026"


def test_paris_is_paris_whatever_the_active_time_zone():
    from django.utils import timezone

    with timezone.override("America/Chicago"), translation.override("en"):
        assert paris(INSTANT) == "1 November 2026, 23:59 Paris time"
        late = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)  # already 1 December in Paris
        assert Template("{% load paris_time %}{{ i|day }}").render(Context({"i": late})) == "1 December 2026"


def test_closes_in_says_when_its_words_change_next():
    """What a cached page needs (the student dashboard): the words hold until that instant."""
    from core.templatetags.paris_time import closes_in, closes_in_changes_at

    second = datetime.timedelta(seconds=1)
    for left in (
        datetime.timedelta(days=3, hours=5),
        datetime.timedelta(days=1),
        datetime.timedelta(hours=5, minutes=30),
        datetime.timedelta(minutes=59),
        datetime.timedelta(0),
    ):
        now = INSTANT - left
        change = closes_in_changes_at(INSTANT, now)
        assert closes_in(INSTANT, change) == closes_in(INSTANT, now)
        assert closes_in(INSTANT, change + second) != closes_in(INSTANT, now)
    assert closes_in_changes_at(INSTANT, INSTANT + second) is None  # "closed" for good
