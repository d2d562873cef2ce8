"""The portal's own comments on a history ("All seats are taken.") are read in the reader's language,
whoever caused the move and in whatever language (core.workflow.SystemComment). Before, the text
was stored in the language active at the time: English for everyone after a sweep, French for
English staff after a French participant's registration (found by the page review)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from core.workflow import SystemComment
from mobility.models.comments import PLACE_NOT_CONFIRMED
from summerschool import services
from summerschool.models import RegistrationTransition, State
from tests.factories import StaffFactory, StudentFactory
from tests.summerschool.factories import SummerSchoolFactory, cv_file, registration_data

pytestmark = pytest.mark.django_db


def _register(school, person):
    return services.register(school, person, data=registration_data(), cv=cv_file())


def test_a_full_school_says_all_seats_are_taken_in_each_readers_language(client):
    school = SummerSchoolFactory(capacity=1)
    _register(school, StudentFactory())
    participant = StudentFactory(language="fr")
    with translation.override("fr"):  # a French participant registers
        waitlisted = _register(school, participant)
    assert waitlisted.state == State.WAITLISTED
    move = waitlisted.transitions.get(to_state=State.WAITLISTED)
    assert move.comment == "All seats are taken."  # stored in English, whoever registered

    client.force_login(participant)
    url = reverse("summerschool:registration", args=[waitlisted.pk])
    assert "Toutes les places sont prises." in client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    client.force_login(StaffFactory(is_superuser=True))
    admin = client.get(reverse("admin:summerschool_registration_change", args=[waitlisted.pk]))
    assert "All seats are taken." in admin.content.decode()


def test_a_comment_stored_in_french_before_reads_in_english_and_a_persons_words_stay_as_typed():
    school = SummerSchoolFactory(capacity=1)
    registration = _register(school, StudentFactory())
    RegistrationTransition.objects.filter(registration=registration).update(comment="Frais payés (VIR-42).")
    move = RegistrationTransition.objects.filter(registration=registration).first()
    assert move.comment_text == "Fee paid (VIR-42)."
    with translation.override("fr"):
        assert move.comment_text == "Frais payés (VIR-42)."
    assert SystemComment.render("Absent for the second week.") == "Absent for the second week."


def test_a_deadline_in_a_comment_is_written_the_readers_way():
    deadline = datetime.datetime(2027, 1, 15, 22, 59, tzinfo=datetime.UTC)
    stored = PLACE_NOT_CONFIRMED(deadline=deadline.isoformat())
    assert SystemComment.render(stored) == "The place was not confirmed by 15 January 2027, 23:59 Paris time."
    with translation.override("fr"):
        assert SystemComment.render(stored) == (
            "La place n’a pas été confirmée avant le 15 janvier 2027 à 23:59, heure de Paris."
        )


def test_a_fee_waiver_names_its_proof_in_the_readers_language():
    from summerschool.models.registrations import FEE_WAIVED

    stored = FEE_WAIVED(network="Circle U.", proof="code")
    assert stored == "Fee waived for members of Circle U. (proof: code)."  # the code, not a sentence
    assert SystemComment.render(stored) == (
        "Fee waived for members of Circle U. (proof: a waiver code from the network)."
    )
    with translation.override("fr"):
        rendered = SystemComment.render(stored)
    assert rendered.startswith("Frais exonérés pour les membres de Circle U. (preuve : ")
    assert "code" in rendered and "network" not in rendered
