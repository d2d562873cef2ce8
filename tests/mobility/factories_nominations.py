"""Factories for incoming calls and nominations (a coordinator, their institution, its agreement)."""

import datetime

from mobility.services import nominations as services_nominations
from partners.models import AgreementKind, Direction
from tests.factories import AgreementFactory, CoordinatorFactory, InstitutionFactory
from tests.mobility.factories import CallFactory, DocumentRequirementFactory


def incoming_call(
    kind=AgreementKind.ACADEMIC_EXCHANGE, agreements=(), documents=("Transcript of records",), **kw
):
    call = CallFactory(kind=kind, direction=Direction.INCOMING, agreements=list(agreements), **kw)
    for i, name in enumerate(documents):
        DocumentRequirementFactory(call=call, name=name, order=i, allowed_kinds="pdf")
    return call


def partner(seats=2, kind=AgreementKind.ACADEMIC_EXCHANGE, name=None, **kw):
    """(coordinator, institution, agreement) with `seats` incoming seats in force for the next years."""
    institution = InstitutionFactory(**({"name": name} if name else {}))
    agreement = AgreementFactory(
        institution=institution, kind=kind, incoming_seats=seats, english_track=True, **kw
    )
    coordinator = CoordinatorFactory(institutions=[institution])
    return coordinator, institution, agreement


def nomination_data(n=0, **overrides):
    data = {
        "first_name": "Lena",
        "last_name": f"Hoffmann{n}",
        "email": f"lena{n}@uni.example",
        "language": "en",
        "study_year": 4,
        "length": "semester",
        "track": "",
        "wished_departments": "Cardiology",
        "wished_start": datetime.date.today() + datetime.timedelta(days=200),
        "wished_end": datetime.date.today() + datetime.timedelta(days=350),
    }
    data.update(overrides)
    return data


def nominate(call, institution, coordinator, n=0, **overrides):
    return services_nominations.nominate(
        call, institution, by=coordinator, data=nomination_data(n, **overrides)
    )
