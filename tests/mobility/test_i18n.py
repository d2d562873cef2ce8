import pytest
from django.urls import reverse
from django.utils import translation

from mobility import services
from tests.factories import StudentFactory

from .factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def test_status_email_is_in_the_students_language(staff, mailoutbox, django_capture_on_commit_callbacks):
    french = ApplicationFactory(complete=True, student=StudentFactory(language="fr"))
    english = ApplicationFactory(complete=True, student=StudentFactory(language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(french, by=french.student)
        services.submit(english, by=english.student)
        services.transition(french, "under_review", by=staff, comment="Entretien le 3 décembre.")
    fr_submitted, en_submitted, fr_review = mailoutbox
    assert "Votre candidature" in fr_submitted.subject and "Déposée" in fr_submitted.subject
    assert "Nous avons bien reçu votre candidature" in fr_submitted.body
    assert "Your application" in en_submitted.subject and "We have received" in en_submitted.body
    assert "en cours d’examen" in fr_review.body and "Entretien le 3 décembre." in fr_review.body


def test_student_pages_in_french(client):
    call = CallFactory()
    application = ApplicationFactory(call=call)
    client.force_login(application.student)
    with translation.override("fr"):
        client.cookies.load({"django_language": "fr"})
        page = client.get(reverse("mobility:programmes"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Appels ouverts" in page and "heure de Paris" in page and "clôture dans" in page
        page = client.get(reverse("mobility:dashboard"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Mes candidatures" in page and "Brouillon" in page
        page = client.get(
            reverse("mobility:review", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
        assert "Reste à faire avant le dépôt" in page and "indiquez votre" in page


def test_subjects_are_plain_text(mailoutbox, django_capture_on_commit_callbacks):
    application = ApplicationFactory(complete=True, call=CallFactory(title="Students' exchange & research"))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, by=application.student)
    assert "Students' exchange & research" in mailoutbox[0].subject
    assert "Students' exchange & research" in mailoutbox[0].body
