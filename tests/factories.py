"""factory_boy factories shared by every app's tests. Apps add their own below their section."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Role, User
from core import academic
from partners.models import Agreement, AgreementKind, Duration, Institution, Network

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.STUDENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            if extracted is not False:
                EmailAddress.objects.get_or_create(
                    user=obj, email=obj.email, defaults={"verified": True, "primary": True}
                )


class StudentFactory(UserFactory):
    role = Role.STUDENT


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR

    @factory.post_generation
    def institutions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.coordinated_institutions.add(*extracted)


class StaffFactory(UserFactory):
    role = Role.STAFF
    is_staff = True

    @factory.post_generation
    def group(obj, create, extracted, **kwargs):
        if create:
            from accounts.services import set_back_office_role

            set_back_office_role(obj, Role.STAFF)


class SupervisorFactory(UserFactory):
    role = Role.SUPERVISOR
    is_staff = True

    @factory.post_generation
    def group(obj, create, extracted, **kwargs):
        if create:
            from accounts.services import set_back_office_role

            set_back_office_role(obj, Role.SUPERVISOR)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"University {n}")
    country = "DE"
    city = "Berlin"
    website = factory.LazyAttribute(lambda o: f"https://www.example{abs(hash(o.name)) % 10**6}.edu")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    institution = factory.SubFactory(InstitutionFactory)
    kind = AgreementKind.ACADEMIC_EXCHANGE
    valid_from_year = factory.LazyFunction(lambda: academic.academic_year_of(timezone.localdate()) - 1)
    valid_to_year = factory.LazyFunction(lambda: academic.academic_year_of(timezone.localdate()) + 3)
    outgoing_seats = 2
    incoming_seats = 2
    study_year_min = 3
    study_year_max = 6
    duration = Duration.SEMESTER_OR_YEAR
    is_signed = True


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
