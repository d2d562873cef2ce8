"""A call contested by merit: criteria, marks and submitted applications ready to allocate."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from mobility.models import Application, Mark, SelectionCriterion, Status
from mobility.services import selection

from .factories import ApplicationFactory, CallFactory


class SelectionCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("1")
    scale_max = Decimal("20")


def contest_call(seats=(1, 1), **kwargs):
    """An outgoing call closed for applications, with a confirmation deadline, agreements with
    `seats` outgoing seats each, and two criteria (grades weight 2 out of 20, interview weight 1
    out of 10)."""
    from tests.factories import AgreementFactory

    now = timezone.now()
    agreements = [AgreementFactory(outgoing_seats=n) for n in seats]
    call = CallFactory(
        agreements=agreements,
        opens_at=now - datetime.timedelta(days=60),
        application_deadline=now - datetime.timedelta(days=30),
        documents_deadline=now - datetime.timedelta(days=20),
        confirmation_deadline=now + datetime.timedelta(days=14),
        **kwargs,
    )
    SelectionCriterionFactory(call=call, name="Grade average", weight=Decimal("2"), scale_max=Decimal("20"))
    SelectionCriterionFactory(call=call, name="Interview", weight=Decimal("1"), scale_max=Decimal("10"))
    return call, agreements


def applicant(call, preferences, marks=None, *, submitted_at=None, status=Status.SUBMITTED, **kwargs):
    """A submitted application ranking `preferences`, with `marks` in the criteria's order."""
    application = ApplicationFactory(call=call, complete=True, preferences=list(preferences), **kwargs)
    Application.objects.filter(pk=application.pk).update(
        status=status, submitted_at=submitted_at or timezone.now() - datetime.timedelta(days=31)
    )
    application.refresh_from_db()
    if marks is not None:
        for criterion, value in zip(call.selection_criteria.order_by("order", "pk"), marks, strict=True):
            Mark.objects.create(application=application, criterion=criterion, value=Decimal(str(value)))
        selection.refresh_scores(call, [application.pk])
        application.refresh_from_db()
    return application
