"""The people and records the production smoke test (.ci/smoke.py) works with, made through the services.

Run with the production environment of .ci/production-stage (DJANGO_DEBUG=0, REDIS_URL set), so that
tasks are NOT eager: accepting the application queues the acceptance letter, marking the participant
completed queues the certificate, and the real worker renders both. Writes what the smoke test needs
(emails, names, ids) as JSON to the file named by the first argument.

    python .ci/smoke_data.py plan.json      (SMOKE_PASSWORD: the password of every account)
"""

import base64
import datetime
import json
import os
import secrets
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_celery_beat.models import PeriodicTask  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from accounts.services import enrol_totp, set_back_office_role  # noqa: E402
from core import academic  # noqa: E402
from mobility import services as mobility  # noqa: E402
from mobility.models import Call, Status  # noqa: E402
from partners.models import Agreement, AgreementKind, Direction, Duration, Institution  # noqa: E402
from summerschool import services as summerschool  # noqa: E402
from summerschool.models import LevelOfStudy, State, SummerSchool  # noqa: E402

PASSWORD = os.environ["SMOKE_PASSWORD"]
CV = b"%PDF-1.4\n% smoke-test CV\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MOTIVATION = (
    "I would like to discover how another health system organises its teaching hospitals and how "
    "students take part in patient care; this exchange fits my plan to work in global health and will "
    "improve my clinical English."
)


def person(email, first, last, role, language="en"):
    user = User.objects.create(email=email, first_name=first, last_name=last, role=role, language=language)
    user.set_password(PASSWORD)
    user.save()
    if role == Role.STAFF:
        set_back_office_role(user, Role.STAFF)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def main(plan_path):
    if settings.DEBUG or settings.CELERY_TASK_ALWAYS_EAGER:
        sys.exit(
            "smoke_data: run me in production mode (DJANGO_DEBUG=0 and REDIS_URL set): tasks must reach the worker"
        )
    now = timezone.now()
    today = timezone.localdate()
    year = academic.current_academic_year()

    staff = person("camille.staff@smoke.example.org", "Camille", "Martin", Role.STAFF)
    # With DJANGO_DEBUG=0 the back office asks for a TOTP code: the smoke computes it from this secret.
    staff_totp_secret = base64.b32encode(secrets.token_bytes(20)).decode()
    enrol_totp(user=staff, secret=staff_totp_secret)
    coordinator = person("anna.coordinator@smoke.example.org", "Anna", "Schneider", Role.COORDINATOR)
    student = person("heloise.student@smoke.example.org", "Héloïse", "Marchetti", Role.STUDENT, "fr")
    participant = person("tomasz.participant@smoke.example.org", "Tomasz", "Wójcik", Role.STUDENT)

    # A partner with an agreement in force, coordinated by the coordinator.
    charite = Institution.objects.create(
        name="Charité – Universitätsmedizin Berlin",
        country="DE",
        city="Berlin",
        website="https://www.charite.de",
    )
    charite.coordinators.add(coordinator)
    agreement = Agreement.objects.create(
        institution=charite,
        kind=AgreementKind.ACADEMIC_EXCHANGE,
        valid_from_year=year - 1,
        valid_to_year=year + 3,
        outgoing_seats=2,
        incoming_seats=2,
        study_year_min=3,
        study_year_max=6,
        duration=Duration.SEMESTER_OR_YEAR,
        is_signed=True,
    )

    # An open Erasmus+ call; the student applies, submits, and IRO staff accept.
    call = Call.objects.create(
        title="Erasmus+ academic exchange (smoke test)",
        kind=AgreementKind.ACADEMIC_EXCHANGE,
        direction=Direction.OUTGOING,
        academic_year=year + 1,
        opens_at=now - datetime.timedelta(days=1),
        application_deadline=now + datetime.timedelta(days=30),
        documents_deadline=now + datetime.timedelta(days=44),
        decision_date=today + datetime.timedelta(days=75),
        study_year_min=3,
        study_year_max=6,
        max_preferences=3,
    )
    call.agreements.add(agreement)
    application = mobility.start_application(call, by=student)
    mobility.save_draft(
        application,
        by=student,
        data={
            "first_name": student.first_name,
            "last_name": student.last_name,
            "date_of_birth": datetime.date(2003, 5, 17),
            "nationality": "FR",
            "student_number": "22001234",
            "study_year": 4,
            "home_institution": "Université Paris Cité — Medical School",
            "good_standing": True,
            "motivation": MOTIVATION,
            "period": "full_year",  # the application asks the period the call offers
        },
    )
    mobility.set_preferences(application, by=student, agreements=[agreement])
    mobility.submit(application, by=student)
    mobility.transition(application, Status.UNDER_REVIEW, by=staff)
    # Queues mobility.generate_acceptance_letter for the worker (after this commit).
    mobility.transition(application, Status.ACCEPTED, by=staff, comment="Charité, full year.")

    # A summer school: the participant registers, pays (receipt) and completes (certificate run).
    school = SummerSchool.objects.create(
        title="Hands-on Clinical Medicine and Emergency (smoke test)",
        slug="smoke-hands-on",
        description="Two weeks of simulation and emergency care in Paris.",
        audience="Medical students",
        starts_on=today + datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=71),
        locations="Faculty of Medicine\niLumens Simulation Center",
        capacity=10,
        fee=Decimal("2500.00"),
        ects=Decimal("5"),
        hours=60,
        registration_opens=now - datetime.timedelta(days=10),
        registration_closes=now + datetime.timedelta(days=30),
        contact_email="summerschool.medicine@u-paris.fr",
        signatory_name="Prof. Smoke Test",
        signatory_title="Dean",
    )
    registration = summerschool.register(
        school,
        participant,
        data={
            "institution": None,
            "institution_name": "Jagiellonian University Medical College",
            "field_of_study": "Medicine",
            "level_of_study": LevelOfStudy.GRADUATE,
            "motivation": "I want to learn emergency medicine in simulation.",
            "address": "ul. Świętej Anny 12\n31-008 Kraków\nPoland",
        },
        cv=ContentFile(CV, name="cv.pdf"),
    )
    registration.refresh_from_db()
    assert registration.state == State.ACCEPTED, registration.state
    payment = summerschool.record_payment(
        registration, amount=registration.fee, paid_on=today, bank_reference="SMOKE-2026-0001", by=staff
    )
    # Queues summerschool's certificate task for the worker (after this commit).
    # As on the school's last day: completion (and so a certificate) is refused before it.
    last_day = timezone.make_aware(datetime.datetime.combine(school.ends_on, datetime.time(17)))
    runs = summerschool.mark_completed([registration], by=staff, now=last_day)
    registration.refresh_from_db()
    assert registration.state == State.COMPLETED, registration.state

    # Beat: every interval task of the database schedule last ran an hour ago, so beat dispatches them
    # as soon as it starts (the outbox delivery, the sweeps) instead of after their first interval.
    PeriodicTask.objects.filter(interval__isnull=False).update(last_run_at=now - datetime.timedelta(hours=1))

    plan = {
        "password": PASSWORD,
        "staff": {"email": staff.email, "name": staff.get_full_name(), "totp_secret": staff_totp_secret},
        "coordinator": {
            "email": coordinator.email,
            "name": coordinator.get_full_name(),
            "institution": charite.name,
        },
        "student": {
            "email": student.email,
            "first_name": student.first_name,
            "last_name": student.last_name,
            "application": application.pk,
        },
        "participant": {
            "email": participant.email,
            "first_name": participant.first_name,
            "last_name": participant.last_name,
            "registration": registration.pk,
            "payment": payment.pk,
            "certificate_run": runs[0].pk if runs else None,
        },
    }
    Path(plan_path).write_text(json.dumps(plan, indent=2, ensure_ascii=False))
    print(
        f"smoke data: application {application.pk} accepted (letter queued), registration {registration.pk} "
        f"paid ({payment.pk}) and completed (certificate queued)"
    )


if __name__ == "__main__":
    main(sys.argv[1])
