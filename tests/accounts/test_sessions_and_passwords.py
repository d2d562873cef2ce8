"""Sessions end when idle or too old (shorter for the back office); passwords of 12 characters or
more, not common, not like the person's name or address (issue 12)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User
from accounts.security import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from tests.factories import PASSWORD, StaffFactory, StudentFactory, SupervisorFactory

MINUTE, HOUR, DAY = 60, 3600, 86400


def _age(client, *, idle=0, open_for=0):
    """Pretend the session was last used `idle` seconds ago and opened `open_for` seconds ago."""
    session = client.session
    session[SESSION_SEEN_KEY] -= idle
    session[SESSION_STARTED_KEY] -= max(open_for, idle)
    session.save()


def _logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("make", [StaffFactory, SupervisorFactory])
def test_back_office_sessions_end_after_30_idle_minutes(client, make):
    client.force_login(make())
    assert client.get("/admin/").status_code == 200
    _age(client, idle=29 * MINUTE)
    assert client.get("/admin/").status_code == 200
    _age(client, idle=31 * MINUTE)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not _logged_in(client)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "You were logged out after 30 minutes without activity." in messages


@pytest.mark.django_db
def test_other_sessions_end_after_two_idle_hours(client):
    client.force_login(StudentFactory())
    _age(client, idle=119 * MINUTE)
    assert client.get("/applications/").status_code == 200 and _logged_in(client)
    _age(client, idle=121 * MINUTE)
    assert client.get("/applications/").status_code == 302 and not _logged_in(client)


@pytest.mark.django_db
def test_activity_keeps_a_session_alive_until_its_absolute_lifetime(client):
    client.force_login(StaffFactory())
    _age(client, idle=10 * MINUTE, open_for=11 * HOUR)
    assert client.get("/admin/").status_code == 200
    seen = client.session[SESSION_SEEN_KEY]
    _age(client, idle=0)
    assert client.session[SESSION_SEEN_KEY] == seen  # the request counted as activity
    _age(client, idle=MINUTE, open_for=12 * HOUR + MINUTE)
    response = client.get("/admin/")
    assert response.status_code == 302 and not _logged_in(client)
    assert "Your session has ended after 12 hours. Please log in again." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


@pytest.mark.django_db
def test_student_sessions_last_at_most_14_days(client):
    client.force_login(StudentFactory())
    _age(client, idle=HOUR, open_for=13 * DAY)
    assert client.get("/applications/").status_code == 200
    _age(client, idle=HOUR, open_for=14 * DAY + HOUR)
    assert client.get("/applications/").status_code == 302 and not _logged_in(client)


@pytest.mark.django_db
def test_limits_come_from_settings(client, settings):
    settings.SESSION_IDLE_TIMEOUT_BACK_OFFICE = 5 * MINUTE
    settings.SESSION_MAX_AGE_BACK_OFFICE = HOUR
    client.force_login(StaffFactory())
    _age(client, idle=6 * MINUTE)
    assert client.get("/admin/").status_code == 302 and not _logged_in(client)
    client.force_login(StaffFactory())
    _age(client, idle=MINUTE, open_for=HOUR + MINUTE)
    assert client.get("/admin/").status_code == 302 and not _logged_in(client)


@pytest.mark.django_db
def test_a_remembered_session_cookie_expires_with_the_idle_timeout(client):
    staff = StaffFactory()
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD, "remember": "on"})
    _age(client, idle=2 * MINUTE)
    response = client.get("/admin/")
    assert response.status_code == 200
    cookie = response.cookies["sessionid"]
    assert 0 < int(cookie["max-age"]) <= 31 * MINUTE
    # Without "remember me" the cookie ends with the browser, as allauth sets it.
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    _age(client, idle=2 * MINUTE)
    response = client.get("/admin/")
    assert response.status_code == 200 and not response.cookies["sessionid"]["max-age"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Short-pw-26", "at least 12 characters"),
        ("qwerty123456", "too common"),
        ("camille.martin@iro", "too similar"),
        ("204816384096", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    user = User(email="camille.martin@iro.example", first_name="Camille", last_name="Martin")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert reason in " ".join(error.value.messages)


@pytest.mark.django_db
def test_signup_refuses_an_eleven_character_password(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "Eleven-ch26",
            "password2": "Eleven-ch26",
            "first_name": "Léa",
            "last_name": "Dubois",
        },
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_the_demo_and_test_passwords_pass_the_validators():
    validate_password(PASSWORD)
    for email, first, last, _role, _superuser in DEMO_ACCOUNTS:
        validate_password(DEMO_PASSWORD, User(email=email, first_name=first, last_name=last))
