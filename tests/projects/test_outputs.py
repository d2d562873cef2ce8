"""The public project page shows the project's partners and its outputs: the deliverables staff
marked public, and only those, in a fixed number of queries whatever their number."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from projects import services
from projects.models import Deliverable, DeliverableStatus, PartnerRole, Project
from tests.factories import InstitutionFactory
from tests.query_counts import at_two_sizes

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    project = Project.objects.create(
        acronym="IDEALiTER", slug="idealiter", title="IDEALiTER", summary="s", start_year=2022, end_year=2025
    )
    services.set_partner(
        project, InstitutionFactory(name="Université Paris Cité"), role=PartnerRole.COORDINATOR
    )
    services.set_partner(project, InstitutionFactory(name="Semmelweis University"), role=PartnerRole.PARTNER)
    return project


def test_the_page_shows_public_deliverables_only_and_the_partners(client, project):
    wp = services.save_work_package(project, 2, title="Common curriculum")
    with translation.override("en"):
        services.save_deliverable(
            project,
            "D2.1",
            title="Common curriculum in infectious diseases",
            work_package=wp,
            due_on=datetime.date(2023, 6, 30),
            status=DeliverableStatus.DELIVERED,
            delivered_on=datetime.date(2023, 6, 20),
            public=True,
            link="https://ideal.u-paris.fr/curriculum",
        )
        services.save_deliverable(
            project,
            "D2.2",
            title="Library of clinical cases",
            due_on=datetime.date(2099, 10, 31),
            public=True,
        )
        services.save_deliverable(project, "D1.1", title="Quality plan", due_on=datetime.date(2023, 1, 31))
    body = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "Outputs" in body
    assert 'href="https://ideal.u-paris.fr/curriculum"' in body
    assert "Common curriculum in infectious diseases" in body and "Published June 2023" in body
    assert "WP2 · Common curriculum" in body
    assert "Library of clinical cases" in body and "Expected October 2099" in body
    assert "Quality plan" not in body  # not public
    assert "Semmelweis University" in body and "Université Paris Cité" in body
    assert "Partner institutions" in body and "Coordinator" in body


def test_the_french_page_reads_french_and_marks_what_is_only_in_english(client, project):
    deliverable = services.save_deliverable(
        project, "D2.2", title="Library of clinical cases", due_on=datetime.date(2099, 10, 31), public=True
    )
    other = services.save_deliverable(
        project, "D2.3", title="Simulation scenarios", due_on=datetime.date(2099, 10, 31), public=True
    )
    deliverable.title_fr = "Bibliothèque de cas cliniques"
    deliverable.save()
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "fr"})
    body = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert (
        "Résultats" in body and "Bibliothèque de cas cliniques" in body and "Attendu en octobre 2099" in body
    )
    assert '<span lang="en">Simulation scenarios</span>' in body
    assert other.title_fr in (None, "")


def test_an_overdue_output_reads_in_preparation_not_a_past_date(client, project):
    services.save_deliverable(
        project, "D3.1", title="Outbreak scenarios", due_on=datetime.date(2020, 1, 31), public=True
    )
    body = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "In preparation" in body and "January 2020" not in body


def test_project_page_queries_do_not_grow_with_its_deliverables_and_partners(client, project):
    wp = services.save_work_package(project, 1, title="Management")

    def grow(n):
        start = Deliverable.objects.count()
        for i in range(start, start + n):
            Deliverable.objects.create(
                project=project,
                work_package=wp,
                code=f"D{i}",
                title=f"Output {i}",
                due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
                public=i % 3 != 0,
            )
            services.set_partner(project, InstitutionFactory(), role=PartnerRole.PARTNER)

    small, large = at_two_sizes(client, reverse("projects:detail", args=[project.slug]), grow)
    # The request's savepoint and its release, the project, its partners, its sessions, the projects
    # that continue it and its public outputs with their work packages: one query each.
    assert small == large == 7
