"""What the office follows per project: the funding, the work packages, the deliverables and the
reports owed to the national agency; staff edit them on the project's admin page."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.forms import CheckboxInput, MultiWidget
from django.urls import reverse

from projects import services
from projects.models import (
    AgencyReport,
    Deliverable,
    DeliverableStatus,
    PartnerRole,
    Project,
    ReportKind,
    WorkPackage,
)
from tests.factories import InstitutionFactory, StaffFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def project():
    return Project.objects.create(
        acronym="IDEALiTER", slug="idealiter", title="IDEALiTER", summary="s", start_year=2022, end_year=2025
    )


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        fields.pop("model").objects.create(**fields)


def test_amounts_cannot_be_negative_and_add_up_to_the_budget(project):
    project.eu_grant, project.co_financing = Decimal("400000"), Decimal("42500.50")
    project.save()
    assert project.total_budget == Decimal("442500.50")
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(co_financing=-1)


def test_work_packages_have_one_number_each_and_end_after_they_start(project):
    WorkPackage.objects.create(project=project, number=1, title="Management")
    refused(model=WorkPackage, project=project, number=1, title="Twice")
    refused(model=WorkPackage, project=project, number=0, title="Zero")
    refused(
        model=WorkPackage,
        project=project,
        number=2,
        title="Backwards",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2023, 1, 1),
    )


def test_a_delivered_deliverable_has_its_date_and_only_a_delivered_one(project):
    due = datetime.date(2025, 6, 30)
    refused(
        model=Deliverable,
        project=project,
        code="D1",
        title="t",
        due_on=due,
        status=DeliverableStatus.DELIVERED,
    )
    refused(model=Deliverable, project=project, code="D2", title="t", due_on=due, delivered_on=due)
    Deliverable.objects.create(project=project, code="D3", title="t", due_on=due)
    refused(model=Deliverable, project=project, code="D3", title="same code", due_on=due)


def test_one_interim_and_one_final_report_but_progress_reports_by_deadline(project):
    first = datetime.datetime(2024, 3, 31, 23, 59, tzinfo=PARIS)
    AgencyReport.objects.create(project=project, kind=ReportKind.FINAL, deadline=first)
    refused(
        model=AgencyReport,
        project=project,
        kind=ReportKind.FINAL,
        deadline=first + datetime.timedelta(days=9),
    )
    AgencyReport.objects.create(project=project, kind=ReportKind.PROGRESS, deadline=first)
    AgencyReport.objects.create(
        project=project, kind=ReportKind.PROGRESS, deadline=first + datetime.timedelta(days=90)
    )
    refused(model=AgencyReport, project=project, kind=ReportKind.PROGRESS, deadline=first)


def test_services_save_by_natural_key_and_refuse_what_does_not_belong_to_the_project(project):
    lead = InstitutionFactory()
    with pytest.raises(services.ProjectError, match="partners first"):
        services.save_work_package(project, 1, title="Curriculum", lead=lead)
    services.set_partner(project, lead, role=PartnerRole.PARTNER)
    wp = services.save_work_package(project, 1, title="Curriculum", lead=lead)
    assert services.save_work_package(project, 1, title="Common curriculum", lead=lead).pk == wp.pk
    assert WorkPackage.objects.get().title == "Common curriculum"

    other = Project.objects.create(acronym="PHEMED", slug="phemed", title="P", summary="s", start_year=2023)
    foreign = services.save_work_package(other, 1, title="Elsewhere")
    due = datetime.date(2025, 6, 30)
    with pytest.raises(services.ProjectError, match="this project's work packages"):
        services.save_deliverable(project, "D1.1", title="Plan", due_on=due, work_package=foreign)
    services.save_deliverable(project, "D1.1", title="Plan", due_on=due, work_package=wp)
    done = services.save_deliverable(
        project, "D1.1", title="Plan", due_on=due, status=DeliverableStatus.DELIVERED
    )
    assert Deliverable.objects.count() == 1 and done.delivered_on == due


def test_marking_done_keeps_the_first_date(project):
    report = AgencyReport.objects.create(
        project=project, kind=ReportKind.INTERIM, deadline=datetime.datetime(2024, 3, 31, tzinfo=PARIS)
    )
    sent = datetime.datetime(2024, 3, 20, 10, tzinfo=PARIS)
    assert services.mark_submitted([report], by=None, at=sent) == 1
    assert services.mark_submitted([report], by=None) == 0
    report.refresh_from_db()
    assert report.submitted_at == sent


# --- The admin: everything on the project's page -------------------------------------------------


def posted(response):
    """The POST data of an admin change form as the browser would send it back, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({bf.html_name: bf.value() for bf in formset.management_form})
        forms += formset.forms
    for form in forms:
        for bf in form:
            widget, value = bf.field.widget, bf.value()
            if isinstance(widget, CheckboxInput):
                if value:
                    data[bf.html_name] = "on"
            elif isinstance(widget, MultiWidget):
                for sub in widget.get_context(bf.html_name, value, {})["widget"]["subwidgets"]:
                    data[sub["name"]] = sub["value"] or ""
            elif value is not None:
                data[bf.html_name] = value
    return data


def test_staff_edit_the_work_plan_deliverables_and_reports_on_the_project_page(client, project):
    partner = InstitutionFactory(name="Semmelweis University")
    services.set_partner(project, partner, role=PartnerRole.PARTNER)
    wp = services.save_work_package(project, 2, title="Common curriculum", lead=partner)
    client.force_login(StaffFactory())
    url = reverse("admin:projects_project_change", args=[project.pk])
    page = client.get(url)
    body = page.content.decode()
    for heading in ("Work packages", "Deliverables", "Reports to the national agency", "EU grant (€)"):
        assert heading in body
    data = posted(page)
    data.update(
        {
            "eu_grant": "400000",
            "co_financing": "42500",
            "deliverables-TOTAL_FORMS": 1,
            "deliverables-0-code": "D2.1",
            "deliverables-0-work_package": wp.pk,
            "deliverables-0-title_en": "Common curriculum",
            "deliverables-0-title_fr": "Programme commun",
            "deliverables-0-due_on": "2024-06-30",
            "deliverables-0-status": DeliverableStatus.DELIVERED,
            "deliverables-0-delivered_on": "2024-06-20",
            "deliverables-0-public": "on",
            "reports-TOTAL_FORMS": 1,
            "reports-0-kind": ReportKind.FINAL,
            "reports-0-deadline_0": "2025-10-30",
            "reports-0-deadline_1": "23:59:00",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    project.refresh_from_db()
    assert project.eu_grant == 400000 and project.co_financing == 42500
    deliverable = Deliverable.objects.get()
    assert (deliverable.title_en, deliverable.title_fr, deliverable.public) == (
        "Common curriculum",
        "Programme commun",
        True,
    )
    assert AgencyReport.objects.get().deadline == datetime.datetime(2025, 10, 30, 23, 59, tzinfo=PARIS)

    # A deliverable marked delivered without its date: the form says so and nothing is saved.
    data = posted(client.get(url))
    data.update({"deliverables-0-delivered_on": "", "co_financing": "1"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A delivered deliverable has its delivery date" in response.content.decode()
    project.refresh_from_db()
    assert project.co_financing == 42500


def test_the_office_follows_late_deliverables_and_marks_reports_submitted(client, project):
    late = Deliverable.objects.create(
        project=project, code="D1", title="Late one", due_on=datetime.date(2020, 1, 1)
    )
    Deliverable.objects.create(
        project=project, code="D2", title="Coming one", due_on=datetime.date(2099, 1, 1)
    )
    report = AgencyReport.objects.create(
        project=project, kind=ReportKind.INTERIM, deadline=datetime.datetime(2099, 3, 31, tzinfo=PARIS)
    )
    client.force_login(StaffFactory())
    changelist = reverse("admin:projects_deliverable_changelist")
    body = client.get(changelist, {"overdue": "yes"}).content.decode()
    assert "Late one" in body and "Coming one" not in body
    client.post(changelist, {"action": "deliver_today", "_selected_action": [late.pk]})
    late.refresh_from_db()
    assert late.is_delivered and late.delivered_on is not None
    reports = reverse("admin:projects_agencyreport_changelist")
    client.post(reports, {"action": "submit_now", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.is_submitted
    assert "IDEALiTER" in client.get(reports, {"submitted": "yes"}).content.decode()
