"""The legacy import of mobility records loses nothing (issue 14, item 5): rows are matched by
reference, otherwise by student, programme, institution and start; records made from applications
are never overwritten; the same file twice changes nothing; admin and command share one service."""

import datetime

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, base, call_command
from django.urls import reverse

from mobility.management.commands.import_mobilities import Command as ImportCommand
from mobility.models import MobilityRecord, RecordSource
from mobility.services import imports
from partners.models import AgreementKind
from tests.factories import InstitutionFactory

from .factories_records import MobilityRecordFactory

pytestmark = pytest.mark.django_db

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


def row(student, reference="", institution="Karolinska Institutet", end="2022-06-30", country=""):
    return [
        reference,
        student,
        "outgoing",
        "academic_exchange",
        institution,
        country,
        "2021-22",
        "2021-09-01",
        end,
    ]


def run(*rows):
    result = imports.import_records(tablib.Dataset(*rows, headers=HEADERS))
    return imports.summarise(result)


@pytest.fixture
def karolinska(db):
    return InstitutionFactory(name="Karolinska Institutet", country="SE")


def application_record(karolinska, student="Léa Durand", **kwargs):
    return MobilityRecordFactory(
        student_name=student,
        institution=karolinska,
        institution_name=karolinska.name,
        programme=AgreementKind.ACADEMIC_EXCHANGE,
        academic_year=2021,
        start_date=datetime.date(2021, 9, 1),
        end_date=datetime.date(2022, 6, 30),
        source=RecordSource.APPLICATION,
        reference=None,
        **kwargs,
    )


# --- The three data-loss cases of issue 14 ---------------------------------------------------------


def test_three_rows_without_reference_make_three_records(karolinska):
    summary = run(row("Alice Martin"), row("Bruno Petit"), row("Chloé Roux"))
    assert (summary.new, summary.updated, summary.refused) == (3, 0, 0)
    assert sorted(MobilityRecord.objects.values_list("student_name", flat=True)) == [
        "Alice Martin",
        "Bruno Petit",
        "Chloé Roux",
    ]


def test_a_row_without_reference_never_overwrites_a_students_record(karolinska):
    lea = application_record(karolinska)
    summary = run(row("Alice Martin"))
    assert (summary.new, summary.updated, summary.refused) == (1, 0, 0)
    lea.refresh_from_db()
    assert (lea.student_name, lea.source) == ("Léa Durand", RecordSource.APPLICATION)

    # The same student, programme, institution and start with other dates would overwrite it: refused.
    summary = run(row("  léa   DURAND ", end="2022-01-31"))
    assert not summary.imported and summary.refused == 1
    assert "created from their application" in " ".join(summary.lines())
    lea.refresh_from_db()
    assert lea.end_date == datetime.date(2022, 6, 30)
    assert MobilityRecord.objects.count() == 2


def test_records_without_reference_give_no_raw_error(karolinska):
    application_record(karolinska, student="Léa Durand")
    application_record(karolinska, student="Marc Blanc")
    summary = run(row("Alice Martin"))
    assert (summary.new, summary.refused) == (1, 0)
    assert MobilityRecord.objects.count() == 3
    assert "more than one" not in " ".join(summary.lines())


# --- Matching, idempotence, all or nothing ----------------------------------------------------------


def test_the_same_file_twice_changes_nothing(karolinska):
    rows = [
        row("Alice Martin", "R-1"),
        row("Bruno Petit"),
        row("Chloé Roux", institution="Hôpital Nord", country="FR"),
    ]
    first = run(*rows)
    assert (first.new, first.updated, first.unchanged, first.refused) == (3, 0, 0, 0)
    stamps = dict(MobilityRecord.objects.values_list("pk", "updated"))
    again = run(*rows)
    assert (again.new, again.updated, again.unchanged, again.refused) == (0, 0, 3, 0)
    assert again.lines() == ["Import finished: 0 new, 0 updated, 3 unchanged."]
    assert dict(MobilityRecord.objects.values_list("pk", "updated")) == stamps


def test_rows_match_by_normalised_natural_key_and_keep_references(karolinska):
    run(row("Alice Martin", "R-1"), row("Bruno Petit"))
    summary = run(row("ALICE  martin", end="2022-05-31"), row(" bruno petit", "R-2", end="2022-05-31"))
    assert (summary.new, summary.updated) == (0, 2)
    alice = MobilityRecord.objects.get(reference="R-1")  # a row without reference keeps the record's
    bruno = MobilityRecord.objects.get(reference="R-2")  # a new reference goes to the record it names
    assert alice.end_date == bruno.end_date == datetime.date(2022, 5, 31)
    assert MobilityRecord.objects.count() == 2


def test_an_unchanged_application_record_is_not_refused(karolinska):
    application_record(karolinska)
    summary = run(row("Léa Durand"))
    assert (summary.unchanged, summary.refused) == (1, 0)


def test_a_file_with_bad_rows_imports_nothing_and_lists_each(karolinska):
    application_record(karolinska)
    summary = run(
        row("Alice Martin"),
        row("Léa Durand", end="2022-02-28"),
        row("Alice Martin"),
        ["", "Bruno Petit", "sideways", "academic_exchange", "Karolinska Institutet", "", "2021-22", "2021-09-01", "2022-06-30"],
    )  # fmt: skip
    assert summary.refused == 3
    assert [number for number, _reasons in summary.problems] == [2, 3, 4]
    lines = summary.lines()
    assert lines[0].startswith("Nothing imported: 3 row(s) refused")
    assert "repeats row 1" in lines[2] and "sideways" in lines[3]
    assert MobilityRecord.objects.count() == 1


def test_a_row_matching_two_records_is_refused_with_a_reason(karolinska):
    MobilityRecordFactory.create_batch(
        2, student_name="Alice Martin", institution=karolinska, academic_year=2021, source=RecordSource.IMPORT
    )
    summary = run(row("Alice Martin"))
    assert summary.refused == 1 and "matches 2 records" in summary.lines()[1]


# --- The command and the admin run the same import -----------------------------------------------


def write_csv(tmp_path, *rows):
    path = tmp_path / "records.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADERS, *rows]) + "\n", encoding="utf-8")
    return path


def test_command_imports_and_prints_the_summary(karolinska, tmp_path, capsys):
    path = write_csv(tmp_path, row("Alice Martin"), row("Bruno Petit"))
    call_command("import_mobilities", str(path))
    assert "Import finished: 2 new, 0 updated, 0 unchanged." in capsys.readouterr().out
    call_command("import_mobilities", str(path))
    assert "Import finished: 0 new, 0 updated, 2 unchanged." in capsys.readouterr().out
    assert MobilityRecord.objects.count() == 2


def test_command_refuses_the_whole_file_with_a_non_zero_exit(karolinska, tmp_path, capsys):
    application_record(karolinska)
    path = write_csv(tmp_path, row("Alice Martin"), row("Léa Durand", end="2022-02-28"))
    with pytest.raises(CommandError, match="Nothing imported: 1 row"):
        call_command("import_mobilities", str(path))
    assert "Row 2: This row would overwrite the record of Léa Durand" in capsys.readouterr().err
    assert MobilityRecord.objects.count() == 1


def test_command_reads_xlsx_and_exits_non_zero_when_refused(karolinska, tmp_path, capsys, monkeypatch):
    path = tmp_path / "records.xlsx"
    path.write_bytes(tablib.Dataset(row("Alice Martin"), headers=HEADERS).export("xlsx"))
    call_command("import_mobilities", str(path))
    assert MobilityRecord.objects.get().student_name == "Alice Martin"

    # As from a shell: the refusal is printed and the exit code is 1.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)  # the test's transaction stays open
    path = write_csv(tmp_path, row("Alice Martin"), row("Alice Martin", end="2022-02-28"))
    with pytest.raises(SystemExit) as exited:
        ImportCommand().run_from_argv(["manage.py", "import_mobilities", str(path)])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Row 2: This row repeats row 1." in err and "Nothing imported: 1 row(s) refused" in err
    assert MobilityRecord.objects.get().end_date == datetime.date(2022, 6, 30)


def test_admin_import_uses_the_service_and_its_summary(client, staff, karolinska):
    application_record(karolinska)
    csv = "\n".join(
        ",".join(r) for r in [HEADERS, row("Alice Martin"), row("Bruno Petit"), row("Léa Durand")]
    )
    client.force_login(staff)
    url = reverse("admin:mobility_mobilityrecord_import")
    preview = client.post(
        url,
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("r.csv", csv.encode(), "text/csv"),
        },
    )
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    response = client.post(
        reverse("admin:mobility_mobilityrecord_process_import"),
        {name: field.initial if field.initial is not None else confirm.initial.get(name)
         for name, field in confirm.fields.items()},
        follow=True,
    )  # fmt: skip
    body = response.content.decode()
    assert "Import finished: 2 new, 0 updated, 1 unchanged." in body
    assert MobilityRecord.objects.count() == 3

    # A row that would overwrite the application's record: the preview refuses the file.
    csv = "\n".join(",".join(r) for r in [HEADERS, row("Léa Durand", end="2022-02-28")])
    response = client.post(
        url,
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("r.csv", csv.encode(), "text/csv"),
        },
    )
    body = response.content.decode()
    assert "created from their application" in body and "Confirm import" not in body


def test_a_period_column_is_imported_and_its_absence_means_not_recorded(karolinska):
    """The key figures split by the period asked: a file may say it (code or label, English or
    French), or not (no column, or an empty cell): then the record's period stays empty."""
    with_period = tablib.Dataset(
        [*row("Alice Martin"), "semester_1"],
        [*row("Bruno Petit"), "Full academic year"],
        [*row("Chloé Roux"), ""],
        headers=[*HEADERS, "period"],
    )
    summary = imports.summarise(imports.import_records(with_period))
    assert (summary.new, summary.refused) == (3, 0)
    periods = dict(MobilityRecord.objects.values_list("student_name", "period"))
    assert periods == {"Alice Martin": "semester_1", "Bruno Petit": "full_year", "Chloé Roux": ""}

    run(row("Alice Martin"))  # the same row without the column leaves the period as it was
    assert MobilityRecord.objects.get(student_name="Alice Martin").period == "semester_1"

    refused = tablib.Dataset([*row("David Noir"), "summer"], headers=[*HEADERS, "period"])
    summary = imports.summarise(imports.import_records(refused))
    assert summary.refused == 1 and not MobilityRecord.objects.filter(student_name="David Noir").exists()
