"""The pages each kind of signed-in person sees, on factory data (its content is English only): the
accessibility browser tests run axe-core on them, the content-language test reads them in French."""

from django.urls import reverse

from mobility.forms.applications import STEP_NAMES
from mobility.models import Status
from mobility.services.nominations import claim
from summerschool.models import State as SchoolState
from tests.factories import AgreementFactory, StudentFactory
from tests.mobility.factories import ApplicationFactory, CallFactory, DocumentRequirementFactory
from tests.mobility.factories_nominations import incoming_call, nominate, partner
from tests.summerschool.factories import RegistrationFactory, SummerSchoolFactory


def people_and_their_pages():
    """Each kind of signed-in person (student, incoming student, summer-school participant, partner
    coordinator) with every page they see; the pages anybody sees (account, privacy, errors) too."""
    call = CallFactory(agreements=[AgreementFactory()])
    DocumentRequirementFactory(call=call)
    student = StudentFactory()
    draft = ApplicationFactory(call=call, student=student)
    accepted = ApplicationFactory(student=student, complete=True, status=Status.ACCEPTED)
    school = SummerSchoolFactory()
    confirmed = RegistrationFactory(offering=school, participant=student)
    awaiting = RegistrationFactory(participant=student, state=SchoolState.ACCEPTED)
    waitlisted = RegistrationFactory(participant=student, state=SchoolState.WAITLISTED)
    account_pages = [
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("account_logout"),
        reverse("privacy:my_data"),
    ]
    student_pages = [
        reverse("mobility:dashboard"),
        *[reverse("mobility:step", kwargs={"pk": draft.pk, "step": step}) for step in STEP_NAMES],
        reverse("mobility:review", kwargs={"pk": draft.pk}),
        reverse("mobility:application", kwargs={"pk": draft.pk}),
        reverse("mobility:application", kwargs={"pk": accepted.pk}),
        reverse("summerschool:my_registrations"),
        *[
            reverse("summerschool:registration", kwargs={"pk": r.pk})
            for r in (confirmed, awaiting, waitlisted)
        ],
        reverse("summerschool:register", kwargs={"slug": SummerSchoolFactory().slug}),
        *account_pages,
    ]
    coordinator, institution, agreement = partner()
    incoming = incoming_call(agreements=[agreement])
    nomination = nominate(incoming, institution, coordinator)
    guest = StudentFactory(email=nomination.email)
    guest_application = claim(nomination, by=guest)
    coordinator_pages = [
        reverse("partners:coordinator_dashboard"),
        reverse("mobility:nominations"),
        reverse("mobility:nominate", kwargs={"call_pk": incoming.pk, "institution_pk": institution.pk}),
        reverse("mobility:nomination", kwargs={"pk": nomination.pk}),
        *account_pages,
    ]
    guest_pages = [
        reverse("mobility:dashboard"),
        reverse("mobility:step", kwargs={"pk": guest_application.pk, "step": "personal"}),
        reverse("mobility:step", kwargs={"pk": guest_application.pk, "step": "documents"}),
        reverse("mobility:review", kwargs={"pk": guest_application.pk}),
    ]
    anonymous_pages = [
        reverse("mobility:nomination_invitation", kwargs={"token": nomination.token}),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_email_verification_sent"),
        reverse("privacy:notice"),
    ]
    error_pages = [("/no-such-page/", 404), (reverse("mobility:nomination_invitation", args=["x" * 20]), 404)]
    return {
        student: student_pages,
        guest: guest_pages,
        coordinator: coordinator_pages,
        None: anonymous_pages,
    }, error_pages
