"""The real worker path: certificates produced by a Celery worker consuming from Redis."""

import time

import pytest
from django.db import transaction

from summerschool import services
from summerschool.models import Certificate, CertificateRun, State
from tests.factories import StaffFactory

from .factories import RegistrationFactory, SummerSchoolFactory


@pytest.mark.worker
def test_a_bulk_run_is_processed_by_the_worker_and_counts_its_progress(celery_worker, mailoutbox):
    school = SummerSchoolFactory(finished=True)
    regs = [RegistrationFactory(offering=school, state=State.CONFIRMED) for _ in range(3)]
    with transaction.atomic():
        [run] = services.mark_completed(regs, by=StaffFactory())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = CertificateRun.objects.get(pk=run.pk)
        if run.finished_at:
            break
        time.sleep(0.2)
    assert (run.total, run.done, run.failed) == (3, 3, 0) and run.finished_at is not None
    assert Certificate.objects.filter(registration__in=regs).exclude(pdf="").count() == 3
