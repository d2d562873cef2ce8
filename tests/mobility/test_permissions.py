"""Issue 12: supervisors see the applications (and documents) of the calls they supervise, nowhere else."""

import pytest
from django.urls import reverse

from mobility import rules as mobility_rules
from mobility import services
from mobility.models import Application, Status
from tests.factories import SupervisorFactory
from tests.mobility.factories import ApplicationFactory, CallFactory, DocumentRequirementFactory, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    """(supervisor of the call, submitted application, its document, an application of another call)."""
    supervisor = SupervisorFactory()
    call = CallFactory()
    call.supervisors.add(supervisor)
    application = ApplicationFactory(call=call, complete=True)
    requirement = DocumentRequirementFactory(call=call)
    document = services.upload_document(application, requirement, pdf_file(), by=application.student)
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    other = ApplicationFactory(complete=True)
    Application.objects.filter(pk=other.pk).update(status=Status.SUBMITTED)
    return supervisor, application, document, other


def test_supervisor_sees_the_applications_of_their_calls_in_the_admin_only(client, submitted):
    supervisor, application, _document, other = submitted
    client.force_login(supervisor)
    page = client.get(reverse("admin:mobility_application_changelist")).content.decode()
    assert application.last_name.upper() in page and other.last_name.upper() not in page
    assert client.get(reverse("admin:mobility_application_change", args=[application.pk])).status_code == 200
    hidden = client.get(reverse("admin:mobility_application_change", args=[other.pk]))
    assert hidden.status_code == 302 and hidden["Location"] == reverse("admin:index")


def test_supervisor_of_another_call_gets_404_for_the_document(client, submitted):
    supervisor, _application, document, _other = submitted
    url = reverse("mobility:document_file", args=[document.pk])
    client.force_login(supervisor)
    assert client.get(url).status_code == 200
    client.force_login(SupervisorFactory())
    assert client.get(url).status_code == 404


def test_a_draft_stays_the_students_even_for_the_calls_supervisor(submitted):
    supervisor, application, _document, _other = submitted
    Application.objects.filter(pk=application.pk).update(status=Status.DRAFT)
    application.refresh_from_db()
    assert not supervisor.has_perm("mobility.view_application", application)
    assert not mobility_rules.applications_visible_to(supervisor).exists()
