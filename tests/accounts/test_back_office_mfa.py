"""Two-factor authentication required for the back office (MFA_REQUIRED_FOR_BACK_OFFICE, issue 12)."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, format_hotp_value, hotp_value
from django.core.cache import cache

from accounts.models import User
from tests.factories import PASSWORD, CoordinatorFactory, StaffFactory, StudentFactory, SupervisorFactory

ROOT = Path(__file__).resolve().parents[2]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_BACK_OFFICE = True


def code(secret=SECRET):
    # A code is accepted once per 30 s window: forget the used ones so that a test may log in twice.
    cache.clear()
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def login(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def enrolled(user):
    TOTP.activate(user, SECRET)
    return user


@pytest.mark.django_db(transaction=True)
def test_first_login_of_staff_enrols_totp_with_recovery_codes_then_opens_the_admin(client, mfa_required):
    staff = StaffFactory()
    response = login(client, staff)
    assert response.status_code == 302
    # Wherever they go, they are sent to enrol first.
    for url in ("/dashboard/", "/admin/", "/admin/mobility/application/", "/accounts/2fa/"):
        assert client.get(url)["Location"] == "/accounts/2fa/totp/activate/", url
    # allauth asks for the password again before adding a factor (a login is not a reauthentication).
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "two-factor authentication" in page.content.decode()  # the reason, as a message
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post("/accounts/2fa/totp/activate/", {"code": code(secret)})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    types = set(Authenticator.objects.filter(user=staff).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    # The code given to enrol proved the second factor: no second code at once.
    assert client.get("/accounts/2fa/recovery-codes/").status_code == 200
    assert client.get("/admin/").status_code == 200

    # Next time, the login itself asks for the code.
    client.post("/accounts/logout/")
    assert login(client, staff)["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    client.post("/accounts/2fa/authenticate/", {"code": code(secret)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("make", [StaffFactory, SupervisorFactory, "superuser"])
def test_a_session_without_the_second_factor_is_asked_for_it_everywhere(client, mfa_required, make):
    user = (
        User.objects.create_superuser(email="boss@iro.example", password=PASSWORD)
        if make == "superuser"
        else make()
    )
    enrolled(user)
    # Logged in without the code (the way a login after a password reset or an older session is).
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.get("/admin/mobility/application/?status=submitted")
    assert (
        response["Location"]
        == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fmobility%2Fapplication%2F%3Fstatus%3Dsubmitted"
    )
    assert client.get("/dashboard/")["Location"].startswith("/accounts/2fa/reauthenticate/")
    # A password alone cannot remove or replace the authenticator either.
    for url in (
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/reauthenticate/",
    ):
        assert client.get(url)["Location"].startswith("/accounts/2fa/reauthenticate/"), url
    assert client.post("/accounts/2fa/totp/deactivate/")["Location"].startswith(
        "/accounts/2fa/reauthenticate/"
    )
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    assert client.get("/accounts/2fa/reauthenticate/").status_code == 200
    wrong = client.post("/accounts/2fa/reauthenticate/?next=/admin/", {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302
    response = client.post("/accounts/2fa/reauthenticate/?next=/admin/", {"code": code()})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Logging out is always possible.
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_password_reset_login_does_not_skip_the_second_factor(
    client, mfa_required, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
    staff = enrolled(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": staff.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "A-new-passphrase-for-2026"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    # allauth's login after the reset stops at the second factor; whatever logged the session in
    # without it, the back office asks for it.
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302
    staff.refresh_from_db()  # its new password
    client.force_login(staff, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/reauthenticate/")


@pytest.mark.django_db
def test_students_and_coordinators_never_need_a_second_factor(client, mfa_required):
    for user in (StudentFactory(), CoordinatorFactory()):
        login(client, user)
        response = client.get("/dashboard/")
        assert "/2fa/" not in response.get("Location", ""), user.role
        client.post("/accounts/logout/")


@pytest.mark.django_db
def test_without_the_requirement_the_back_office_opens_with_a_password(client, settings):
    settings.MFA_REQUIRED_FOR_BACK_OFFICE = False
    client.force_login(StaffFactory())
    assert client.get("/admin/").status_code == 200


def _setting(name, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "SECRET_KEY", name)}
    full_env.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_required_in_production_and_not_in_development_unless_configured():
    key = "k3y-" + "x7Qp9" * 12
    assert _setting("MFA_REQUIRED_FOR_BACK_OFFICE", DJANGO_DEBUG="0", SECRET_KEY=key) == "True"
    assert _setting("MFA_REQUIRED_FOR_BACK_OFFICE", DJANGO_DEBUG="1") == "False"
    assert (
        _setting(
            "MFA_REQUIRED_FOR_BACK_OFFICE", DJANGO_DEBUG="0", SECRET_KEY=key, MFA_REQUIRED_FOR_BACK_OFFICE="0"
        )
        == "False"
    )
    assert (
        _setting("MFA_REQUIRED_FOR_BACK_OFFICE", DJANGO_DEBUG="1", MFA_REQUIRED_FOR_BACK_OFFICE="1") == "True"
    )


@pytest.mark.django_db
def test_the_smokes_totp_code_is_accepted_for_an_account_enrolled_by_the_service():
    """CI's production smoke computes codes with the standard library for an account that
    .ci/smoke_data.py enrolled through accounts.services.enrol_totp."""
    import importlib.util

    from accounts.services import enrol_totp

    spec = importlib.util.spec_from_file_location("ci_smoke", ROOT / ".ci" / "smoke.py")
    smoke = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(smoke)
    staff = StaffFactory()
    authenticator = enrol_totp(user=staff, secret=SECRET)
    assert smoke.totp_code(SECRET) == code()
    assert TOTP(authenticator).validate_code(smoke.totp_code(SECRET))
    types = set(Authenticator.objects.filter(user=staff).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
