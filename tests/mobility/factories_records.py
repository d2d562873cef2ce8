"""Factories and helpers for acceptance letters, mobility records and key figures."""

import datetime

import factory

from mobility import services
from mobility.models import MobilityRecord, RecordSource, Status
from partners.models import AgreementKind, Direction
from tests.factories import InstitutionFactory

from .factories import ApplicationFactory


def decide(application, *to_states, staff):
    """Drive an application (under review) through the real services to `to_states`."""
    for state in to_states:
        actor = application.student if state in (Status.CONFIRMED, Status.WITHDRAWN) else staff
        services.transition(application, state, by=actor, notify=False)
    application.refresh_from_db()
    return application


def under_review(staff, **kwargs):
    application = ApplicationFactory(complete=True, **kwargs)
    services.submit(application, by=application.student, notify=False)
    services.transition(application, Status.UNDER_REVIEW, by=staff, notify=False)
    return application


class MobilityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MobilityRecord

    student_name = factory.Sequence(lambda n: f"Student {n}")
    direction = Direction.OUTGOING
    programme = AgreementKind.ACADEMIC_EXCHANGE
    institution = factory.SubFactory(InstitutionFactory)
    institution_name = factory.LazyAttribute(lambda o: o.institution.name if o.institution else "Hospital")
    country = factory.LazyAttribute(lambda o: o.institution.country if o.institution else "FR")
    academic_year = 2023
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.academic_year, 9, 1))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.academic_year + 1, 6, 30))
    source = RecordSource.IMPORT
