"""The back office of selection by merit: marks (one application, or a file for the call), the
allocation page (preview, downloads, publish) and who may open what."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mobility.models import AllocationRun, Mark, Status
from tests.factories import StaffFactory, StudentFactory, SupervisorFactory

from .factories_selection import applicant, contest_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_staff_enter_marks_on_the_application_page_and_the_score_follows(staff_client):
    call, (a, _b) = contest_call()
    app = applicant(call, [a])
    grades, interview = call.selection_criteria.order_by("order", "pk")
    url = f"/admin/mobility/application/{app.pk}/change/"
    page = staff_client.get(url).content.decode()
    assert "marks on the selection criteria" in page.lower()
    data = {
        "marks-TOTAL_FORMS": "2", "marks-INITIAL_FORMS": "0", "marks-MIN_NUM_FORMS": "0", "marks-MAX_NUM_FORMS": "1000",
        "marks-0-criterion": grades.pk, "marks-0-value": "16", "marks-1-criterion": interview.pk, "marks-1-value": "8",
    }  # fmt: skip
    response = staff_client.post(url, {**_empty_inlines(page), **data})
    assert response.status_code == 302, response.content.decode()[:3000]
    app.refresh_from_db()
    assert app.score == Decimal("80.00")  # 100 × (2×0.8 + 0.8) / 3


def _empty_inlines(page):
    """The management forms of the page's other inlines, empty."""
    import re

    data = {}
    for prefix in set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page)):
        if prefix == "marks":
            continue
        initial = re.search(rf'name="{prefix}-INITIAL_FORMS"[^>]*value="(\d+)"', page)
        initial = initial.group(1) if initial else "0"
        data.update({f"{prefix}-TOTAL_FORMS": initial, f"{prefix}-INITIAL_FORMS": initial,
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})  # fmt: skip
        for i in range(int(initial)):
            ident = re.search(rf'name="{prefix}-{i}-id"[^>]*value="(\d+)"', page)
            if ident:
                data[f"{prefix}-{i}-id"] = ident.group(1)
    return data


def _csv(text):
    return SimpleUploadedFile("marks.csv", text.encode(), content_type="text/csv")


def test_a_file_of_marks_imports_all_rows(staff_client):
    call, (a, _b) = contest_call()
    one = applicant(call, [a], student_number="22001")
    two = applicant(call, [a])
    text = (
        f'student_number,email,Grade average,Interview\n22001,,15,5\n,{two.student.email.upper()},"12,5",10\n'
    )
    response = staff_client.post(f"/admin/mobility/call/{call.pk}/marks/", {"file": _csv(text)})
    assert response.status_code == 302
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.score, two.score) == (Decimal("66.67"), Decimal("75.00"))


def test_a_file_with_a_bad_row_imports_nothing_and_names_the_row(staff_client):
    call, (a, _b) = contest_call()
    one = applicant(call, [a], student_number="22001")
    text = "student_number,Grade average,Interview\n22001,15,5\n99999,12,4\n22001,25,5\n"
    response = staff_client.post(f"/admin/mobility/call/{call.pk}/marks/", {"file": _csv(text)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Row 3: no submitted application to this call for “99999”." in page
    assert "Row 4: " in page
    assert not Mark.objects.filter(application=one).exists()


def test_an_xlsx_file_of_marks_is_read_too(staff_client):
    call, (a, _b) = contest_call()
    one = applicant(call, [a])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["email", "Grade average", "Interview"])
    sheet.append([one.student.email, 20, 10])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("marks.xlsx", out.getvalue())
    staff_client.post(f"/admin/mobility/call/{call.pk}/marks/", {"file": upload})
    one.refresh_from_db()
    assert one.score == Decimal("100.00")


def test_the_allocation_page_previews_downloads_and_publishes_once(staff_client, mailoutbox):
    call, (a, b) = contest_call(seats=(1, 0))
    first = applicant(call, [a, b], marks=[18, 9])
    second = applicant(call, [a, b], marks=[10, 5])
    url = f"/admin/mobility/call/{call.pk}/allocation/"
    page = staff_client.get(url).content.decode()
    assert first.full_name in page and "Waiting list, no. 1" in page and "Publish the allocation" in page
    csv_text = staff_client.get(url + "?format=csv").content.decode()
    assert csv_text.splitlines()[0].startswith("rank,email,name,score,place,preference_rank")
    assert f"1,{first.student.email}" in csv_text
    xlsx = staff_client.get(url + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == 1 and sheet["B3"].value == second.student.email
    staff_client.post(url)
    staff_client.post(url)  # a second click
    assert AllocationRun.objects.filter(call=call).count() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.ACCEPTED, Status.WAITLISTED)
    page = staff_client.get(url).content.decode()
    assert "Published by" in page and "Allocation by merit" in page


def test_who_may_open_the_selection_pages(client):
    call, (_a, _b) = contest_call()
    supervisor = SupervisorFactory()
    call.supervisors.add(supervisor)
    client.force_login(supervisor)
    assert client.get(f"/admin/mobility/call/{call.pk}/marks/").status_code == 200
    assert client.get(f"/admin/mobility/call/{call.pk}/allocation/").status_code == 403
    client.force_login(SupervisorFactory())  # not this call's
    assert client.get(f"/admin/mobility/call/{call.pk}/marks/").status_code == 403
    client.force_login(StudentFactory())
    assert client.get(f"/admin/mobility/call/{call.pk}/marks/").status_code == 302  # to the admin login


def test_a_supervisor_of_the_call_enters_one_applications_marks(client):
    call, (a, _b) = contest_call()
    app = applicant(call, [a])
    supervisor = SupervisorFactory()
    call.supervisors.add(supervisor)
    client.force_login(supervisor)
    page = client.get(f"/admin/mobility/application/{app.pk}/change/").content.decode()
    assert f"/admin/mobility/call/{call.pk}/marks/?application={app.pk}" in page
    grades, interview = call.selection_criteria.order_by("order", "pk")
    url = f"/admin/mobility/call/{call.pk}/marks/?application={app.pk}"
    refused = client.post(url, {f"criterion_{grades.pk}": "21", f"criterion_{interview.pk}": "5"})
    assert refused.status_code == 200 and "less than or equal to 20" in refused.content.decode()
    client.post(url, {f"criterion_{grades.pk}": "20", f"criterion_{interview.pk}": "5"})
    app.refresh_from_db()
    assert app.score == Decimal("83.33")
    assert Mark.objects.get(application=app, criterion=grades).entered_by == supervisor
    client.force_login(SupervisorFactory())
    assert client.post(url, {f"criterion_{grades.pk}": "1"}).status_code == 403
