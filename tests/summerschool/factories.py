"""Factories for summer schools (offerings) and registrations."""

import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from summerschool.models import LevelOfStudy, OfferingKind, Registration, State, SummerSchool
from tests.factories import StudentFactory

# The smallest file that is a PDF by its content (core.files checks the magic bytes).
# The smallest PDF a reader (and core.files' pikepdf check) opens: one empty page.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def cv_file(name="cv.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def registration_data(**overrides):
    data = {
        "institution": None,
        "institution_name": "University of Somewhere",
        "field_of_study": "Medicine",
        "level_of_study": LevelOfStudy.GRADUATE,
        "motivation": "I want to learn emergency medicine.",
        "address": "1 Main Street\n10115 Berlin\nGermany",
    }
    data.update(overrides)
    return data


class SummerSchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SummerSchool

    kind = OfferingKind.SUMMER_SCHOOL
    title = factory.Sequence(lambda n: f"Summer School {n}")
    slug = factory.Sequence(lambda n: f"summer-school-{n}")
    description = "Two weeks in Paris."
    audience = "Medical students"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=11))
    locations = "Faculty of Medicine\niLumens Simulation Center"
    capacity = 10
    fee = Decimal("2500.00")
    ects = Decimal("5")
    hours = 60
    registration_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    registration_closes = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    contact_email = "summerschool.medicine@u-paris.fr"

    class Params:
        # A school whose last day has passed: its participants can be marked completed.
        finished = factory.Trait(
            starts_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=20)),
            ends_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=9)),
            registration_opens=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=90)),
            registration_closes=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30)),
        )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration row as it is stored (tests that need the rules go through services.register)."""

    class Meta:
        model = Registration

    offering = factory.SubFactory(SummerSchoolFactory)
    participant = factory.SubFactory(StudentFactory)
    institution_name = "University of Somewhere"
    field_of_study = "Medicine"
    level_of_study = LevelOfStudy.GRADUATE
    motivation = "Learning."
    address = "1 Main Street\nBerlin"
    cv = factory.django.FileField(filename="cv.pdf", data=PDF_BYTES)
    state = State.CONFIRMED
    fee = factory.LazyAttribute(lambda o: o.offering.fee)
