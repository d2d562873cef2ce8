"""The student dashboard and the admin lists of applications and nominations make the same number of
queries at 3 and at 30 rows (issue 19; benchmarks/scale.py measures the same pages at 100,000).
The dashboard is counted as built (its cache renewed by the rows added) and as kept."""

import datetime
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.models import AgreementVersion, LearningAgreement, VersionStatus
from mobility.models import (
    Application,
    ApplicationDocument,
    ApplicationTransition,
    Eligibility,
    EligibilityFlag,
    Status,
)
from mobility.services import records
from tests.factories import StaffFactory, StudentFactory
from tests.mobility.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    DocumentRequirementFactory,
)
from tests.mobility.factories_nominations import incoming_call, nominate, partner
from tests.query_counts import LARGE, at_two_sizes, queries_for

pytestmark = pytest.mark.django_db


def _application(call=None, student=None):
    """A submitted application with what every page shows: two documents asked (one given), a
    criterion flagged, a ranked preference, its history."""
    call = call or CallFactory()
    if not call.document_requirements.exists():
        for i in range(2):
            DocumentRequirementFactory(call=call, order=i)
        CriterionFactory(call=call)
    first = call.document_requirements.first()
    criterion = call.criteria.first()
    application = ApplicationFactory(call=call, complete=True, **({"student": student} if student else {}))
    ApplicationDocument.objects.create(
        application=application,
        requirement=first,
        file="mobility/test/transcript.pdf",
        original_name="transcript.pdf",
        kind="pdf",
        size=100,
        uploaded_at=timezone.now(),
    )
    EligibilityFlag.objects.create(application=application, criterion=criterion, result=Eligibility.TO_CHECK)
    application.status = Status.SUBMITTED
    application.save(update_fields=["status"])
    ApplicationTransition.record(application, Status.DRAFT, Status.SUBMITTED, by=application.student)
    return application


def test_student_dashboard_queries_do_not_grow_with_their_applications_or_everyone_elses(client):
    student = StudentFactory()
    client.force_login(student)

    def grow(n):
        for _ in range(n):
            mine = _application(student=student)  # theirs: one card each, with its history and checklist
            other = _application(mine.call)  # someone else's, ahead on the same waiting list
            Application.objects.filter(pk=mine.pk).update(status=Status.WAITLISTED, merit_rank=2)
            Application.objects.filter(pk=other.pk).update(status=Status.WAITLISTED, merit_rank=1)

    url = reverse("mobility:dashboard")
    small, large = at_two_sizes(client, url, grow)  # each built anew: `grow` saved new applications
    # Session and user, the applications (call and place joined), their history, the calls'
    # documents asked, the documents given, the open calls, the next call to open (when the cached
    # page expires), the invitations sent to the student's verified addresses. No transaction: the
    # page only reads.
    assert small == large == 9
    built = client.get(url).content.decode()
    assert built.count("Waiting list: number 2.") == LARGE
    # Then kept: the session and the user, as any signed-in page, and the same page (each answer
    # masks the CSRF token its own way).
    assert queries_for(client, url) == 2
    assert _unmasked(client.get(url).content.decode()) == _unmasked(built)


def _unmasked(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_learning_agreement_links_cost_no_query_per_place_held(client):
    """A card per confirmed mobility, each with its learning agreement's latest version: the
    agreement's state is read with the applications (it was one query per card)."""
    student = StudentFactory()
    client.force_login(student)

    def grow(n):
        for i in range(n):
            application = _application(student=student)
            Application.objects.filter(pk=application.pk).update(
                status=Status.CONFIRMED, allocated_agreement=application.call.agreements.first()
            )
            record = records.record_mobility(application)
            agreement = LearningAgreement.objects.create(record=record)
            for number, status in ((1, VersionStatus.SUPERSEDED), (2, VersionStatus.SUBMITTED)):
                AgreementVersion.objects.create(
                    agreement=agreement,
                    number=number,
                    status=status,
                    planned_start=datetime.date(2027, 9, 1),
                    planned_end=datetime.date(2028, 1, 31),
                )
            if i % 2:  # a mobility without a learning agreement yet: a link without a state
                agreement.delete()

    url = reverse("mobility:dashboard")
    small, large = at_two_sizes(client, url, grow)
    assert small == large == 9
    body = client.get(url).content.decode()
    assert body.count('data-testid="learning-agreement-link"') == LARGE
    assert body.count("Learning agreement — Awaiting signatures") == LARGE // 2 + 1


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_admin_application_list_queries_do_not_grow_with_the_applications(staff_client):
    small, large = at_two_sizes(
        staff_client,
        reverse("admin:mobility_application_changelist"),
        lambda n: [_application() for _ in range(n)],
    )
    assert small == large


def test_admin_application_list_filters_list_calls_partners_and_criteria_not_applications(staff_client):
    """A filter chosen (a partner) and the filters' choices: still the same at both sizes."""
    call = CallFactory()
    CriterionFactory(call=call, text="Language certificate B2")
    institution = call.agreements.first().institution

    def grow(n):
        for _ in range(n):
            ApplicationFactory(call=call, complete=True)

    url = reverse("admin:mobility_application_changelist")
    small, large = at_two_sizes(staff_client, url, grow, institution=institution.pk)
    assert small == large
    body = staff_client.get(url).content.decode()
    assert "Language certificate B2: not met" in body and institution.name in body


def test_admin_nomination_list_queries_do_not_grow_with_the_nominations(staff_client):
    coordinator, institution, agreement = partner(seats=LARGE + 5)
    call = incoming_call(agreements=[agreement])
    numbers = itertools.count()

    def grow(n):
        for _ in range(n):
            nominate(call, institution, coordinator, next(numbers))

    small, large = at_two_sizes(staff_client, reverse("admin:mobility_nomination_changelist"), grow)
    assert small == large
