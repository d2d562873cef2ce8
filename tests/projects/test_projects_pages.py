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
