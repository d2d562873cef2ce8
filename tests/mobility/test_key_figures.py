import pytest
from django.urls import reverse

from mobility.models import MobilityRecord
from mobility.selectors import records as selectors_records
from partners.models import AgreementKind, Direction
from tests.factories import InstitutionFactory

from .factories_records import MobilityRecordFactory

pytestmark = pytest.mark.django_db
URL = "/key-figures/"


def test_the_url_name_is_the_public_path():
    assert reverse("mobility:key_figures") == URL


def test_empty_database(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert b'data-testid="no-records"' in response.content
    assert selectors_records.key_figures()["years"] == []


def row_cells(html, testid):
    import re

    row = re.search(rf'<tr data-testid="{testid}">(.*?)</tr>', html, re.S).group(1)
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", row)]


def test_counts_come_from_the_records(client):
    berlin, rome = InstitutionFactory(country="DE"), InstitutionFactory(country="IT")
    AE, CP, BE = (
        AgreementKind.ACADEMIC_EXCHANGE,
        AgreementKind.CLINICAL_PLACEMENT,
        AgreementKind.BILATERAL_EXCHANGE,
    )
    OUT, IN = Direction.OUTGOING, Direction.INCOMING
    for year, direction, programme, institution, n in [
        (2021, OUT, AE, berlin, 2),
        (2021, IN, AE, rome, 3),
        (2022, OUT, AE, rome, 1),
        (2022, OUT, BE, berlin, 1),  # IMEP counts as an academic exchange, as in the brochure
        (2022, OUT, CP, berlin, 4),
        (2023, IN, CP, rome, 5),
    ]:
        MobilityRecordFactory.create_batch(
            n, academic_year=year, direction=direction, programme=programme, institution=institution
        )
    MobilityRecordFactory(
        academic_year=2023, programme=CP, institution=None, institution_name="Hôpital X", country="SN"
    )

    html = client.get(URL).content.decode()
    assert "2021–22" in html and "2022–23" in html and "2023–24" in html
    assert row_cells(html, "row-academic-outgoing") == [2, 2, 0]
    assert row_cells(html, "row-academic-incoming") == [3, 0, 0]
    assert row_cells(html, "row-clinical-outgoing") == [0, 4, 1]
    assert row_cells(html, "row-clinical-incoming") == [0, 0, 5]
    assert 'data-testid="academic-total">7<' in html
    assert 'data-testid="clinical-total">10<' in html
    assert 'data-testid="clinical-partners">2<' in html  # the Senegalese hospital is not a partner
    assert 'data-testid="clinical-countries">3<' in html

    # A new record changes the page: nothing is typed in.
    MobilityRecordFactory(academic_year=2021, direction=OUT, programme=AE, institution=rome)
    html = client.get(URL).content.decode()
    assert row_cells(html, "row-academic-outgoing") == [3, 2, 0]


def test_only_the_last_six_years_are_tabled(client):
    for year in range(2015, 2025):
        MobilityRecordFactory(academic_year=year)
    figures = selectors_records.key_figures()
    assert figures["years"] == list(range(2019, 2025))
    assert figures["since"] == "2019–20"
    academic = figures["categories"][0]
    assert academic["total"] == 6


def test_query_count_does_not_grow_with_records(client, django_assert_num_queries):
    institutions = [InstitutionFactory(country=c) for c in ("DE", "IT", "ES", "SE")]
    MobilityRecordFactory.create_batch(10, institution=institutions[0])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        assert client.get(URL).status_code == 200
    rows = [
        MobilityRecord(
            student_name=f"Student {i}",
            direction=(Direction.OUTGOING, Direction.INCOMING)[i % 2],
            programme=(AgreementKind.ACADEMIC_EXCHANGE, AgreementKind.CLINICAL_PLACEMENT)[i % 3 == 0],
            institution=institutions[i % 4],
            institution_name=institutions[i % 4].name,
            country=institutions[i % 4].country,
            academic_year=2018 + i % 7,
            start_date="2020-09-01",
            end_date="2021-06-30",
        )
        for i in range(990)
    ]
    MobilityRecord.objects.bulk_create(rows)
    assert MobilityRecord.objects.count() == 1000
    with django_assert_num_queries(len(ten.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200
    selects = [q for q in ten.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 4  # the four aggregate queries of selectors_records.key_figures


def test_every_year_in_range_is_a_column_zero_where_nothing_was_recorded(client):
    from core import academic

    current = academic.current_academic_year()
    for year in (current - 3, current - 1, current):  # nothing recorded two years ago
        MobilityRecordFactory(
            academic_year=year, direction=Direction.OUTGOING, programme=AgreementKind.ACADEMIC_EXCHANGE
        )
    figures = selectors_records.key_figures()
    assert figures["years"] == [current - 3, current - 2, current - 1, current]
    assert figures["year_labels"][-1] == f"{academic.label(current)} (so far)"  # still being recorded
    assert figures["year_labels"][1] == academic.label(current - 2)
    html = client.get(URL).content.decode()
    assert row_cells(html, "row-academic-outgoing") == [1, 0, 1, 1]
    assert "211 outgoing and 416" in html  # how the brochure's totals relate


def test_the_tables_download_as_csv(client):
    import csv
    import io

    MobilityRecordFactory(
        academic_year=2022, direction=Direction.INCOMING, programme=AgreementKind.CLINICAL_PLACEMENT
    )
    MobilityRecordFactory(
        academic_year=2024, direction=Direction.INCOMING, programme=AgreementKind.CLINICAL_PLACEMENT
    )
    assert 'data-testid="csv"' in client.get(URL).content.decode()
    response = client.get(reverse("mobility:key_figures_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == ["Programme", "Direction", "Academic year", "Students", "Partners", "Countries"]
    clinical_in = [r for r in rows if r[0] == "Clinical placements" and r[1] == "Incoming"]
    assert [(r[2], r[3]) for r in clinical_in] == [("2022–23", "1"), ("2023–24", "0"), ("2024–25", "1")]
    assert len(rows) == 1 + 2 * 2 * 3  # two programmes × two directions × three years


def period_cells(html, testid):
    import re

    row = re.search(rf'<tr data-testid="{testid}">(.*?)</tr>', html, re.S).group(1)
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", row)]


def test_the_figures_split_by_the_period_asked_and_say_when_it_was_not_recorded(client):
    """Issue 14, item 2: the period the application asked is counted; imported records that do not
    say it are "not recorded", never guessed from their dates."""
    import csv
    import io
    import json
    import re

    from django.conf import settings

    from mobility.models import Period, RecordSource

    AE, CP = AgreementKind.ACADEMIC_EXCHANGE, AgreementKind.CLINICAL_PLACEMENT
    OUT, IN = Direction.OUTGOING, Direction.INCOMING
    for year, direction, programme, period, n in [
        (2023, OUT, AE, "", 3),  # imported from the office's past files: no period
        (2024, OUT, AE, Period.SEMESTER_1, 2),
        (2024, OUT, AE, Period.SEMESTER_2, 1),
        (2024, OUT, AE, Period.FULL_YEAR, 4),
        (2024, IN, AE, Period.FULL_YEAR, 1),
        (2024, OUT, CP, Period.DATES, 5),
        (2023, IN, CP, "", 2),
    ]:
        MobilityRecordFactory.create_batch(
            n,
            academic_year=year,
            direction=direction,
            programme=programme,
            period=period,
            source=RecordSource.APPLICATION if period else RecordSource.IMPORT,
            # A semester's dates, to show they are not read as its period.
            start_date="2023-09-01",
            end_date="2024-01-31",
        )

    html = client.get(URL).content.decode()
    assert period_cells(html, "period-academic-outgoing-semester_1") == [0, 2]
    assert period_cells(html, "period-academic-outgoing-semester_2") == [0, 1]
    assert period_cells(html, "period-academic-outgoing-full_year") == [0, 4]
    assert period_cells(html, "period-academic-outgoing-not_recorded") == [3, 0]
    assert period_cells(html, "period-academic-incoming-full_year") == [0, 1]
    assert period_cells(html, "period-clinical-outgoing-dates") == [0, 5]
    assert period_cells(html, "period-clinical-incoming-not_recorded") == [2, 0]
    # A placement table lists no semesters (its programme offers none and none was recorded).
    assert 'data-testid="period-clinical-outgoing-semester_1"' not in html
    assert "Period not recorded" in html and "not guessed from their dates" in html
    # The chart has the same figures, both directions together.
    chart = json.loads(
        re.search(r'<script id="kf-data" type="application/json">(.*?)</script>', html).group(1)
    )
    academic_periods = {p["key"]: p["data"] for p in chart["categories"][0]["periods"]}
    assert academic_periods == {
        "semester_1": [0, 2],
        "semester_2": [0, 1],
        "full_year": [0, 5],
        "not_recorded": [3, 0],
    }

    rows = list(csv.reader(io.StringIO(client.get(reverse("mobility:key_figures_csv")).content.decode())))
    assert rows[0][6:] == [
        "Students: First semester",
        "Students: Second semester",
        "Students: Full year",
        "Students: Placement dates",
        "Students: Period not recorded",
    ]
    by_key = {(r[0], r[1], r[2]): [r[3], *r[6:]] for r in rows[1:]}  # students, then per period
    assert by_key[("Academic exchanges", "Outgoing", "2024–25")] == ["7", "2", "1", "4", "0", "0"]
    assert by_key[("Academic exchanges", "Outgoing", "2023–24")] == ["3", "0", "0", "0", "0", "3"]
    assert by_key[("Clinical placements", "Outgoing", "2024–25")] == ["5", "0", "0", "0", "5", "0"]

    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "fr"})
    html = client.get(URL).content.decode()
    for french in ("Premier semestre", "Second semestre", "Année complète", "Période non renseignée"):
        assert french in html, french
    header = next(csv.reader(io.StringIO(client.get(reverse("mobility:key_figures_csv")).content.decode())))
    assert header[6] == "Étudiants : Premier semestre"
