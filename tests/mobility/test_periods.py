"""The mobility period is asked on the application (issue 14, item 2): the call offers semesters, the
year or placement dates; the letter, the mobility record and staff corrections use what was asked."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from mobility import services
from mobility.forms.applications import AcademicForm
from mobility.models import AcceptanceLetter, MobilityRecord, Period, Status
from mobility.selectors.applications import submission_problems
from partners.models import AgreementKind

from .factories import ApplicationFactory, CallFactory
from .factories_records import decide, under_review
from .test_letters import accept, pdf_text

pytestmark = pytest.mark.django_db

ACADEMIC = {
    "student_number": "22001234",
    "study_year": "4",
    "home_institution": "UPCité",
    "good_standing": "on",
}


def academic_form(application, **data):
    return AcademicForm({**ACADEMIC, **data}, instance=application)


def test_the_form_offers_the_calls_periods_and_refuses_another_with_the_calls_words():
    erasmus = ApplicationFactory(call=CallFactory())
    form = academic_form(erasmus)
    assert [value for value, _label in form.fields["period"].widget.choices] == [
        "semester_1",
        "semester_2",
        "full_year",
    ]
    assert "period_start" not in form.fields  # no dates to give for a semester
    assert academic_form(erasmus, period="semester_2").is_valid()

    imep = ApplicationFactory(call=CallFactory(kind=AgreementKind.BILATERAL_EXCHANGE, periods=["full_year"]))
    form = academic_form(imep, period="semester_1")
    assert not form.is_valid()
    assert form.errors["period"] == [
        "This call does not offer “First semester (September to January)”; it offers: full academic year."
    ]
    with translation.override("fr"):
        form = academic_form(imep, period="semester_1")
        assert form.errors["period"] == [
            "Cet appel ne propose pas « Premier semestre (septembre à janvier) » ; "
            "il propose : année universitaire complète."
        ]


def test_placement_dates_must_fit_the_academic_year_and_last_one_to_three_months():
    call = CallFactory(kind=AgreementKind.CLINICAL_PLACEMENT)
    application = ApplicationFactory(call=call)
    year = call.academic_year + 1
    form = academic_form(
        application, period="dates", period_start=f"{year}-07-01", period_end=f"{year}-12-31"
    )
    assert not form.is_valid()
    assert "within" in form.errors["period_start"][0]
    form = academic_form(
        application, period="dates", period_start=f"{year}-07-01", period_end=f"{year}-07-10"
    )
    assert form.errors["period_end"] == ["A clinical placement lasts 1 to 3 months (10 days asked)."]
    form = academic_form(
        application, period="dates", period_start=f"{year}-07-01", period_end=f"{year}-08-15"
    )
    assert form.is_valid(), form.errors
    form = academic_form(application, period="full_year")
    assert not form.is_valid() and "it offers: dates to choose (placements)" in form.errors["period"][0]


def test_the_academic_step_saves_the_period_through_the_page(client):
    application = ApplicationFactory(call=CallFactory())
    client.force_login(application.student)
    url = reverse("mobility:step", args=[application.pk, "academic"])
    response = client.post(url, {**ACADEMIC, "period": "semester_1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.period == Period.SEMESTER_1
    assert application.mobility_dates == (
        datetime.date(application.call.academic_year, 9, 1),
        datetime.date(application.call.academic_year + 1, 1, 31),
    )
    # A period the call does not offer is refused on the page, nothing saved.
    page = client.post(url, {**ACADEMIC, "period": "dates"}).content.decode()
    assert "This call does not offer “Dates to choose (placements)”" in page
    application.refresh_from_db()
    assert application.period == Period.SEMESTER_1


def test_no_submission_without_a_period():
    application = ApplicationFactory(complete=True, period="")
    blocking, _later = submission_problems(application)
    assert "Academic situation: Choose when you would go." in blocking


def test_the_letter_and_the_record_state_the_period_asked(
    staff, django_capture_on_commit_callbacks, tmp_path
):
    application = under_review(staff, period=Period.SEMESTER_2)
    year = application.call.academic_year
    accept(application, staff, django_capture_on_commit_callbacks)
    letter = AcceptanceLetter.objects.get(application=application)
    assert (letter.start_date, letter.end_date) == (
        datetime.date(year + 1, 2, 1),
        datetime.date(year + 1, 6, 30),
    )
    text = pdf_text(letter.file, tmp_path)
    assert f"From 1 February {year + 1} to 30 June {year + 1}" in text
    assert "Second semester (February to June)" in text
    assert f"1 September {year}" not in text
    decide(application, Status.CONFIRMED, staff=staff)
    record = MobilityRecord.objects.get(application=application)
    assert record.period == Period.SEMESTER_2
    assert (record.start_date, record.end_date) == (letter.start_date, letter.end_date)


def test_the_french_letter_is_french_throughout(staff, django_capture_on_commit_callbacks, tmp_path):
    application = under_review(staff, period=Period.FULL_YEAR)
    application.student.language = "fr"
    application.student.save()
    year = application.call.academic_year
    accept(application, staff, django_capture_on_commit_callbacks)
    text = pdf_text(AcceptanceLetter.objects.get(application=application).file, tmp_path)
    assert f"Du 1 septembre {year} au 30 juin {year + 1}" in text
    assert "Année universitaire complète" in text
    for english in ("International Relations Office", "Head of International Relations", "From ", " to 30"):
        assert english not in text


def test_staff_correct_the_period_and_the_letter_and_record_follow(staff, django_capture_on_commit_callbacks):
    application = under_review(staff, period=Period.SEMESTER_1)
    year = application.call.academic_year
    accept(application, staff, django_capture_on_commit_callbacks)
    decide(application, Status.CONFIRMED, staff=staff)
    with pytest.raises(PermissionDenied):
        services.correct_period(application, by=application.student, period=Period.FULL_YEAR)
    with pytest.raises(services.ApplicationError, match="does not offer"):
        services.correct_period(application, by=staff, period=Period.DATES)
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_period(application, by=staff, period=Period.FULL_YEAR)
    letter = AcceptanceLetter.objects.get(application=application)
    assert (letter.start_date, letter.end_date) == (datetime.date(year, 9, 1), datetime.date(year + 1, 6, 30))
    assert letter.generations == 2  # rendered again with the new dates
    record = MobilityRecord.objects.get(application=application)
    assert record.period == Period.FULL_YEAR and record.end_date == datetime.date(year + 1, 6, 30)


def test_staff_correct_the_period_in_the_admin(client, staff):
    application = under_review(staff, period=Period.SEMESTER_1)
    client.force_login(staff)
    url = reverse("admin:mobility_application_change", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'name="period"' in page
    from .test_views import _inline_management

    response = client.post(url, {"period": "dates", **_inline_management(page)})
    assert response.status_code == 200 and "does not offer" in response.content.decode()
    response = client.post(url, {"period": "full_year", **_inline_management(page)})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.period == Period.FULL_YEAR
