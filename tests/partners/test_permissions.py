"""Issue 12 regressions: a signed agreement goes to IRO staff and that institution's coordinators only."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import AgreementFactory, CoordinatorFactory, StaffFactory, SupervisorFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def agreement():
    agreement = AgreementFactory()
    agreement.signed_document.save("signed.pdf", ContentFile(PDF))
    return agreement


def test_supervisors_no_longer_download_signed_agreements(client, agreement):
    supervisor = SupervisorFactory()
    assert supervisor.has_perm("partners.view_agreement")  # they read agreements in the admin…
    client.force_login(supervisor)
    url = reverse("partners:agreement_document", args=[agreement.pk])
    assert client.get(url).status_code == 404  # …but not the signed documents


def test_staff_and_the_institutions_coordinators_download_it_others_do_not(client, agreement):
    url = reverse("partners:agreement_document", args=[agreement.pk])
    for user, status in [
        (StaffFactory(), 200),
        (CoordinatorFactory(institutions=[agreement.institution]), 200),
        (CoordinatorFactory(institutions=[AgreementFactory().institution]), 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status
