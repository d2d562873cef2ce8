"""A project's partner list links each partner to its directory page, and no link leads nowhere."""

import re

import pytest

from projects.models import PartnerRole, Project, ProjectPartner
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_our_school_is_named_without_a_link_that_would_answer_404(client):
    """The school coordinates most projects, but it has no page in its own partner directory."""
    project = Project.objects.create(acronym="P1", slug="p1", title="Project", summary="s", start_year=2024)
    home = InstitutionFactory(name="UPCité Medical School", is_home=True)
    partner = InstitutionFactory(name="Karolinska Institutet")
    ProjectPartner.objects.create(project=project, institution=home, role=PartnerRole.COORDINATOR)
    ProjectPartner.objects.create(project=project, institution=partner, role=PartnerRole.PARTNER)

    body = client.get("/projects/p1/").content.decode()

    assert "UPCité Medical School" in body
    assert f'href="/partners/{home.pk}/"' not in body
    assert f'href="/partners/{partner.pk}/">Karolinska Institutet</a>' in body
    for href in set(re.findall(r'href="(/partners/\d+/)"', body)):
        assert client.get(href).status_code == 200, href
