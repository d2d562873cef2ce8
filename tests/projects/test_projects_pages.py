import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import demo
from projects.models import PartnerRole, Project, ProjectPartner, SessionKind, TrainingSession
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def _make_projects(n):
    start = Project.objects.count()
    for i in range(start, start + n):
        project = Project.objects.create(
            acronym=f"P{i}", slug=f"p{i}", title=f"Project {i}", summary="s", start_year=2020
        )
        ProjectPartner.objects.create(
            project=project, institution=InstitutionFactory(), role=PartnerRole.PARTNER
        )
        TrainingSession.objects.create(
            project=project,
            kind=SessionKind.ONLINE,
            title="t",
            starts_on=datetime.date(2099, 1, 1),
            ends_on=datetime.date(2099, 1, 2),
        )


def test_project_list_on_an_empty_database(client):
    response = client.get("/projects/")
    assert response.status_code == 200
    assert "No project is published yet." in response.content.decode()


def test_project_list_query_count_does_not_grow(client):
    _make_projects(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/projects/").status_code == 200
    _make_projects(30)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/projects/").status_code == 200
    assert len(many) == len(few)


def test_demo_projects_show_lineage_partners_and_sessions(client):
    import io

    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # idempotent
    assert Project.objects.count() == 5
    body = client.get("/projects/ideal4preparedness/").content.decode()
    assert "Infectious Diseases Education Advanced Level for better Preparedness" in body
    assert "IDEALiTER" in body and "IDEAL+" in body  # the lineage
    assert "Train the Trainers" in body
    phemed = client.get("/projects/phemed/").content.decode()
    assert "University of Nicosia" in phemed
    assert "Associated partners" in phemed
    assert "Planetary Health Alliance" in phemed


def test_demo_shows_the_ideal_partners_funding_work_plan_and_reports(
    client, django_capture_on_commit_callbacks
):
    import io
    from zoneinfo import ZoneInfo

    from projects.deadlines import DELIVERABLE_DUE, REPORT_DUE
    from projects.models import AgencyReport, Deliverable
    from reminders.services import run_reminders
    from tests.factories import StaffFactory

    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # idempotent
    idealiter = Project.objects.get(acronym="IDEALiTER")
    assert idealiter.partnerships.count() == 12  # the brochure's 12 partner universities
    ideal4 = Project.objects.get(acronym="IDEAL4PREPAREDNESS")
    assert ideal4.partnerships.filter(role=PartnerRole.ASSOCIATED).exists()
    assert ideal4.eu_grant > 0 and ideal4.co_financing > 0
    assert ideal4.work_packages.count() == 5
    deliverables = list(ideal4.deliverables.all())
    assert any(d.is_delivered and d.public for d in deliverables)
    assert any(d.is_overdue and d.public for d in deliverables)
    assert any(not d.public for d in deliverables)
    assert Deliverable.objects.filter(title_fr="Scénarios de simulation d’épidémie").exists()
    assert AgencyReport.objects.filter(submitted_at__isnull=False).exists()
    assert AgencyReport.objects.outstanding().filter(project=ideal4).count() == 2

    body = client.get("/projects/ideal4preparedness/").content.decode()
    assert "Outbreak simulation scenarios" in body and "Institut Pasteur" in body
    assert "Quality and risk management plan" not in body  # not public

    # On the demo's day, staff are reminded of the progress report and of deliverable D5.2.
    StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        sent = run_reminders(now=datetime.datetime(2026, 11, 29, 9, tzinfo=ZoneInfo("Europe/Paris")))
    assert sent[REPORT_DUE] == 1 and sent[DELIVERABLE_DUE] == 1


def test_unpublished_project_is_not_shown(client):
    Project.objects.create(
        acronym="DRAFT", slug="draft", title="Draft", summary="s", start_year=2026, is_published=False
    )
    assert client.get("/projects/draft/").status_code == 404
    assert "DRAFT" not in client.get("/projects/").content.decode()


def test_staff_hide_and_show_a_project_through_the_service(client):
    from django.urls import reverse

    from tests.factories import StaffFactory

    project = Project.objects.create(acronym="HIDE", title="Hidden for a while", slug="hide", start_year=2025)
    client.force_login(StaffFactory())
    url = reverse("admin:projects_project_changelist")
    client.post(url, {"action": "unpublish", "_selected_action": [project.pk]})
    project.refresh_from_db()
    assert not project.is_published
    assert client.get(reverse("projects:detail", args=[project.slug])).status_code == 404
    client.post(url, {"action": "publish", "_selected_action": [project.pk]})
    project.refresh_from_db()
    assert project.is_published


def test_a_long_project_list_says_its_pages_go_on_without_counting_them_all(client):
    Project.objects.bulk_create(
        Project(acronym=f"P{i:04}", slug=f"p{i}", title="t", summary="s", start_year=2020) for i in range(300)
    )
    body = client.get("/projects/").content.decode()
    assert "Page 1 of more than 11" in body and "page=2" in body
    assert "Page 15 of 15" in client.get("/projects/", {"page": 15}).content.decode()
