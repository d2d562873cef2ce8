"""Factories for calls and applications. Deadlines default to an open call (opened yesterday)."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mobility.models import (
    Application,
    Call,
    CriterionCheck,
    DocumentRequirement,
    EligibilityCriterion,
)
from partners.models import AgreementKind, Direction
from tests.factories import AgreementFactory, StudentFactory

# The smallest PDF a reader (and core.files' pikepdf check) opens: one empty page.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_file(name="transcript.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def fake_file(name="transcript.pdf", content=b"MZ\x90\x00 this is a Windows program, not a PDF"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Erasmus+ academic exchange {n}")
    kind = AgreementKind.ACADEMIC_EXCHANGE
    direction = Direction.OUTGOING
    academic_year = factory.LazyFunction(lambda: timezone.localdate().year + 1)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    application_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    documents_deadline = factory.LazyAttribute(lambda o: o.application_deadline + datetime.timedelta(days=14))
    decision_date = factory.LazyAttribute(
        lambda o: (o.documents_deadline + datetime.timedelta(days=30)).date()
    )
    study_year_min = 3
    study_year_max = 6
    max_preferences = 3

    @factory.post_generation
    def agreements(obj, create, extracted, **kwargs):
        if create:
            obj.agreements.add(
                *(extracted if extracted is not None else [AgreementFactory(), AgreementFactory()])
            )


class DocumentRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentRequirement

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Transcript of records {n}")
    required = True
    allowed_kinds = "pdf,jpeg,png"
    max_size_mb = 2


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityCriterion

    call = factory.SubFactory(CallFactory)
    text = factory.Sequence(lambda n: f"Criterion {n}")
    checked_by = CriterionCheck.STAFF


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft; `complete=True` fills every step (and ranks the call's first agreement)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    student = factory.SubFactory(StudentFactory)
    direction = factory.LazyAttribute(lambda o: o.call.direction)
    first_name = factory.LazyAttribute(lambda o: o.student.first_name)
    last_name = factory.LazyAttribute(lambda o: o.student.last_name)

    class Params:
        complete = factory.Trait(
            date_of_birth=datetime.date(2003, 5, 17),
            nationality="FR",
            student_number=factory.Sequence(lambda n: f"2200{n:04d}"),
            study_year=4,
            home_institution="UPCité Medical School",
            good_standing=True,
            # The first period the call offers (a July placement when it asks for dates).
            period=factory.LazyAttribute(lambda o: o.call.offered_periods[0].value),
            period_start=factory.LazyAttribute(
                lambda o: datetime.date(o.call.academic_year + 1, 7, 1) if o.call.asks_dates else None
            ),
            period_end=factory.LazyAttribute(
                lambda o: datetime.date(o.call.academic_year + 1, 7, 31) if o.call.asks_dates else None
            ),
            motivation="I want to discover another health system and its clinical practice. " * 5,
        )

    @factory.post_generation
    def preferences(obj, create, extracted, **kwargs):
        if not create:
            return
        agreements = extracted
        if agreements is None and obj.study_year:
            agreements = list(obj.call.agreements.all()[:1])
        for rank, agreement in enumerate(agreements or [], start=1):
            obj.preferences.create(rank=rank, agreement=agreement)
