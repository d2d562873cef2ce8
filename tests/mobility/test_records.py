import datetime

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.workflow import InvalidTransition
from mobility import services
from mobility.admin.records import MobilityRecordResource
from mobility.models import MobilityRecord, RecordSource, Status
from mobility.services import records as services_records
from partners.models import AgreementKind, Direction
from tests.factories import InstitutionFactory

from .factories import CallFactory
from .factories_records import decide, under_review

pytestmark = pytest.mark.django_db


def test_confirming_creates_one_record_with_the_mobility(staff):
    call = CallFactory(kind=AgreementKind.CLINICAL_PLACEMENT, academic_year=2026)
    application = decide(under_review(staff, call=call), Status.ACCEPTED, staff=staff)
    assert not MobilityRecord.objects.exists()  # accepted is not yet a mobility
    services.transition(application, Status.CONFIRMED, by=application.student, notify=False)
    record = MobilityRecord.objects.get()
    partner = application.allocated_agreement.institution
    assert record.application == application
    assert record.student_name == application.full_name
    assert (record.direction, record.programme, record.academic_year) == (
        Direction.OUTGOING,
        AgreementKind.CLINICAL_PLACEMENT,
        2026,
    )
    assert (record.institution, record.institution_name, record.country) == (
        partner,
        partner.name,
        partner.country,
    )
    assert (record.start_date, record.end_date) == (datetime.date(2027, 7, 1), datetime.date(2027, 7, 31))
    assert record.source == RecordSource.APPLICATION

    # Again (a replayed signal, the service called twice): still one record.
    assert services_records.record_mobility(application).pk == record.pk
    services_records.mark_recognised(record)  # an outgoing mobility completes once recognised
    services.transition(application, Status.COMPLETED, by=staff, notify=False)
    assert MobilityRecord.objects.count() == 1


def test_record_takes_the_dates_staff_corrected_on_the_letter(staff, django_capture_on_commit_callbacks):
    application = under_review(staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(application, Status.ACCEPTED, by=staff, notify=False)
    application.acceptance_letter.__class__.objects.filter(pk=application.acceptance_letter.pk).update(
        start_date=datetime.date(2027, 1, 15), end_date=datetime.date(2027, 6, 15)
    )
    services.transition(application, Status.CONFIRMED, by=application.student, notify=False)
    record = MobilityRecord.objects.get()
    assert (record.start_date, record.end_date) == (datetime.date(2027, 1, 15), datetime.date(2027, 6, 15))


def test_withdrawing_after_confirming_removes_the_record(staff):
    application = decide(under_review(staff), Status.ACCEPTED, Status.CONFIRMED, staff=staff)
    assert MobilityRecord.objects.count() == 1
    services.transition(application, Status.WITHDRAWN, by=application.student, notify=False)
    assert not MobilityRecord.objects.exists()


def test_a_refused_move_writes_no_record(staff):
    application = under_review(staff)
    with pytest.raises(InvalidTransition):
        services.transition(application, Status.CONFIRMED, by=application.student, notify=False)
    assert not MobilityRecord.objects.exists()


HEADERS = [
    "reference",
    "student",
    "direction",
    "programme",
    "institution",
    "country",
    "academic_year",
    "start",
    "end",
]


def dataset(*rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def test_import_with_one_bad_row_imports_nothing_and_reports_the_row():
    karolinska = InstitutionFactory(name="Karolinska Institutet", country="SE")
    data = dataset(
        ["R-1", "Alice Martin", "outgoing", "academic_exchange", "Karolinska Institutet", "", "2021–22", "2021-09-01", "2022-06-30"],
        ["R-2", "Bruno Petit", "Incoming", "Clinical placement", "Universidad de Mendoza", "Argentina", "2022-2023", "2023-07-01", "2023-07-31"],
        ["R-3", "Chloé Roux", "sideways", "academic_exchange", "Karolinska Institutet", "", "2021-22", "2021-09-01", "2022-06-30"],
    )  # fmt: skip
    result = MobilityRecordResource().import_data(data, dry_run=False, rollback_on_validation_errors=True)
    assert result.has_validation_errors()
    invalid = result.invalid_rows
    assert [row.number for row in invalid] == [3]
    assert "sideways" in str(invalid[0].error_dict["direction"])
    assert not MobilityRecord.objects.exists()

    # Corrected: everything goes in, partners are matched and countries filled from them.
    data[2] = ("R-3", "Chloé Roux", "outgoing", "academic_exchange", "Karolinska Institutet", "", "2021-22", "2021-09-01", "2022-06-30")  # fmt: skip
    result = MobilityRecordResource().import_data(data, dry_run=False, rollback_on_validation_errors=True)
    assert not result.has_validation_errors() and not result.has_errors()
    assert MobilityRecord.objects.count() == 3
    alice = MobilityRecord.objects.get(reference="R-1")
    assert (alice.institution, alice.country.code, alice.academic_year) == (karolinska, "SE", 2021)
    bruno = MobilityRecord.objects.get(reference="R-2")
    assert (bruno.institution, bruno.institution_name, bruno.country.code) == (
        None,
        "Universidad de Mendoza",
        "AR",
    )
    assert (bruno.direction, bruno.programme, bruno.academic_year) == ("incoming", "clinical_placement", 2022)
    assert set(MobilityRecord.objects.values_list("source", flat=True)) == {RecordSource.IMPORT}

    # The same file again updates the same rows (references) instead of counting twice.
    MobilityRecordResource().import_data(data, dry_run=False, rollback_on_validation_errors=True)
    assert MobilityRecord.objects.count() == 3


def test_admin_import_reports_bad_rows_and_offers_no_confirmation(client, staff):
    InstitutionFactory(name="Karolinska Institutet", country="SE")
    csv = (
        ",".join(HEADERS) + "\n"
        "R-1,Alice Martin,outgoing,academic_exchange,Karolinska Institutet,,2021-22,2021-09-01,2022-06-30\n"
        "R-2,Bruno Petit,outgoing,academic_exchange,Karolinska Institutet,,20-21,2021-09-01,2022-06-30\n"
    )
    client.force_login(staff)
    url = reverse("admin:mobility_mobilityrecord_import")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("records.csv", csv.encode(), "text/csv"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "is not an academic year" in body and "20-21" in body
    assert "Confirm import" not in body
    assert not MobilityRecord.objects.exists()


def test_staff_see_and_filter_records_and_letters_in_the_admin(client, staff):
    from .factories_records import MobilityRecordFactory

    MobilityRecordFactory(academic_year=2022, direction="incoming")
    client.force_login(staff)
    url = reverse("admin:mobility_mobilityrecord_changelist")
    assert client.get(url, {"academic_year": 2022, "direction": "incoming"}).status_code == 200
    assert client.get(reverse("admin:mobility_acceptanceletter_changelist")).status_code == 200
    export = client.get(reverse("admin:mobility_mobilityrecord_export"))
    assert export.status_code == 200
