"""The admin's system checks still pass after staff have opened the translated admin pages.

modeltranslation's admin once copied a custom form's Meta.fields onto a ModelAdmin that declares
fieldsets, at the first page view: every management command started after that (in the same process)
stopped with admin.E005.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import AgreementFactory, StaffFactory
from tests.mobility.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_opening_the_call_and_agreement_pages_leaves_the_checks_green(client):
    client.force_login(StaffFactory(is_superuser=True))
    call, agreement = CallFactory(), AgreementFactory()
    for url in [
        reverse("admin:mobility_call_add"),
        reverse("admin:mobility_call_change", args=[call.pk]),
        reverse("admin:partners_agreement_add"),
        reverse("admin:partners_agreement_change", args=[agreement.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    call_command("check", fail_level="ERROR")
