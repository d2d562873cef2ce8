import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

from tests.factories import PASSWORD, StaffFactory


def _login(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def _current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
def test_staff_enables_totp_and_then_the_admin_login_asks_for_the_code(client):
    staff = StaffFactory()
    assert _login(client, staff).status_code == 302

    # Turning on a second factor asks for the password again.
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=staff).exists()
    client.post("/accounts/2fa/totp/activate/", {"code": _current_code(secret)})
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    client.post("/accounts/logout/")
    response = _login(client, staff)
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    # Without the second factor the admin stays closed.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert client.get("/admin/").status_code == 200
