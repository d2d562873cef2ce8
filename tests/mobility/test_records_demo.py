import io

import pytest
from django.db.models import F

from mobility.demo import records as demo_records
from mobility.models import AcceptanceLetter, MobilityRecord
from mobility.selectors import records as selectors_records

pytestmark = pytest.mark.django_db

BROCHURE = {
    ("academic", "outgoing"): [21, 48, 36, 46],
    ("academic", "incoming"): [89, 56, 60, 66],
    ("clinical", "outgoing"): [110, 144, 196, 273],
    ("clinical", "incoming"): [34, 124, 196, 150],
}


def tables():
    figures = selectors_records.key_figures()
    return figures["year_labels"], {
        (c["key"], r["direction"]): r["counts"] for c in figures["categories"] for r in c["rows"]
    }


def test_demo_records_reproduce_the_brochure_tables_and_are_idempotent(client):
    out = io.StringIO()
    demo_records.seed(out)
    labels, counts = tables()
    assert labels == ["2021–22", "2022–23", "2023–24", "2024–25"]
    assert counts == BROCHURE
    total = MobilityRecord.objects.count()
    assert total == sum(sum(v) for v in BROCHURE.values())
    assert not MobilityRecord.objects.filter(end_date__lt=F("start_date")).exists()

    demo_records.seed(out)
    assert MobilityRecord.objects.count() == total
    assert tables()[1] == BROCHURE
    html = client.get("/key-figures/").content.decode()
    assert "273" in html and "2024–25" in html


def test_demo_renders_the_letters_of_accepted_demo_applications(staff):
    from mobility import services
    from mobility.models import Status

    from .factories_records import under_review

    application = under_review(staff)
    services.transition(application, Status.ACCEPTED, by=staff, notify=False)  # no commit: no task ran
    assert not AcceptanceLetter.objects.exists()
    demo_records.seed(io.StringIO())
    assert AcceptanceLetter.objects.get().application == application
    demo_records.seed(io.StringIO())
    assert AcceptanceLetter.objects.count() == 1
