"""Back-office roles cannot take over other accounts (issue 12): no edit of another account's email
addresses, password, second factor, groups, permissions or superuser flag except through the
portal's services, and a superuser's account is out of their reach."""

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS, STAFF_GROUP
from tests.factories import PASSWORD, StaffFactory, StudentFactory, SupervisorFactory


@pytest.fixture
def boss(db):
    user = User.objects.create_superuser(email="boss@iro.example", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _address_form(address, **changes):
    data = {"user": address.user_id, "email": address.email, "verified": "on", "primary": "on"}
    data.update(changes)
    return data


def _grant(user, *codenames):
    """Permissions a misconfigured group could give: the admin must refuse all the same."""
    for spec in codenames:
        app_label, codename = spec.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return User.objects.get(pk=user.pk)  # fresh permission cache


@pytest.mark.django_db
def test_staff_cannot_give_a_superuser_their_address_reset_its_password_and_log_in(client, boss, mailoutbox):
    """The exact path of the report: the superuser's address set to the staff member's own, then a
    password reset to that address and a login as the superuser."""
    staff = StaffFactory(email="camille@iro.example")
    client.force_login(staff)
    address = EmailAddress.objects.get(user=boss)
    url = f"/admin/account/emailaddress/{address.pk}/change/"

    assert client.get(url).status_code in (302, 403, 404)
    response = client.post(url, _address_form(address, email="camille-2@iro.example"))
    assert response.status_code in (302, 403, 404)
    address.refresh_from_db()
    assert address.email == "boss@iro.example"
    # Nor can they give the superuser a second, verified address of theirs.
    response = client.post(
        "/admin/account/emailaddress/add/", _address_form(address, email="camille-2@iro.example")
    )
    assert response.status_code == 403
    assert list(EmailAddress.objects.filter(user=boss).values_list("email", flat=True)) == [
        "boss@iro.example"
    ]

    # The reset the staff member then asks for reaches only their own account.
    client.post("/accounts/logout/")
    client.post("/accounts/password/reset/", {"email": "camille-2@iro.example"})
    assert boss not in filter_users_by_email("camille-2@iro.example")
    assert all("boss@iro.example" not in m.to for m in mailoutbox)
    assert not any("/accounts/password/reset/key/" in m.body for m in mailoutbox)
    response = client.post("/accounts/login/", {"login": "camille-2@iro.example", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_email_addresses_are_read_only_for_staff_and_hide_superusers(client, boss):
    staff = StaffFactory()
    student = StudentFactory()
    client.force_login(staff)
    listing = client.get("/admin/account/emailaddress/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert student.email in page and boss.email not in page
    assert "make_verified" not in page  # no bulk "mark verified" action either

    address = EmailAddress.objects.get(user=student)
    url = f"/admin/account/emailaddress/{address.pk}/change/"
    view = client.get(url)
    assert view.status_code == 200 and 'name="email"' not in view.content.decode()
    assert client.post(url, _address_form(address, email="mine@iro.example")).status_code == 403
    assert (
        client.post(f"/admin/account/emailaddress/{address.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    address.refresh_from_db()
    assert address.email == student.email


@pytest.mark.django_db
def test_a_misconfigured_group_still_cannot_change_addresses_factors_or_groups(client, boss):
    """Even with the model permissions granted, only superusers change these (defence in depth)."""
    staff = _grant(
        StaffFactory(),
        "account.change_emailaddress",
        "account.add_emailaddress",
        "account.delete_emailaddress",
        "mfa.view_authenticator",
        "mfa.change_authenticator",
        "mfa.delete_authenticator",
        "auth.view_group",
        "auth.change_group",
    )
    student = StudentFactory()
    client.force_login(staff)
    address = EmailAddress.objects.get(user=student)
    assert (
        client.post(
            f"/admin/account/emailaddress/{address.pk}/change/", _address_form(address, email="x@iro.example")
        ).status_code
        == 403
    )
    address.refresh_from_db()
    assert address.email == student.email

    theirs = Authenticator.objects.create(user=student, type=Authenticator.Type.TOTP, data={"secret": "x"})
    bosses = Authenticator.objects.create(user=boss, type=Authenticator.Type.TOTP, data={"secret": "y"})
    listing = client.get("/admin/mfa/authenticator/").content.decode()
    assert f"/admin/mfa/authenticator/{bosses.pk}/" not in listing
    assert client.post(f"/admin/mfa/authenticator/{theirs.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/mfa/authenticator/{bosses.pk}/delete/", {"post": "yes"}).status_code in (
        302,
        403,
    )
    assert Authenticator.objects.count() == 2

    group = Group.objects.get(name=STAFF_GROUP)
    before = set(group.permissions.values_list("pk", flat=True))
    everything = list(Permission.objects.values_list("pk", flat=True)[:50])
    response = client.post(
        f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": everything}
    )
    assert response.status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before


@pytest.mark.django_db
def test_staff_group_has_no_permission_on_addresses_factors_groups_or_permissions():
    staff_perms = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=STAFF_GROUP).permissions.all()
    }
    assert "account.view_emailaddress" in staff_perms
    forbidden = {p for p in staff_perms if p.split(".")[0] in ("account", "mfa", "auth", "sessions")}
    assert forbidden == {"account.view_emailaddress"}
    for specs in ROLE_PERMISSIONS.values():
        assert not any(spec.startswith(("account.*", "mfa.", "auth.", "sessions.")) for spec in specs)
        assert "account.change_emailaddress" not in specs


@pytest.mark.django_db
def test_staff_cannot_change_another_accounts_login_address_or_password(client):
    staff = StaffFactory()
    student = StudentFactory(email="lea@example.org")
    other_staff = StaffFactory()
    client.force_login(staff)
    url = f"/admin/accounts/user/{student.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="email"' not in page and "lea@example.org" in page
    assert "/password/" not in page  # no "reset password" link

    from tests.accounts.test_roles import _change_form

    response = client.post(url, _change_form(student, email="camille@iro.example", first_name="Léa"))
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.email == "lea@example.org" and student.first_name == "Léa"

    # The admin's "set password" form of any other account, colleague or own.
    for target in (student, other_staff, staff):
        password_url = f"/admin/accounts/user/{target.pk}/password/"
        assert client.get(password_url).status_code == 403
        response = client.post(
            password_url,
            {
                "password1": "Taken-Over-123456",
                "password2": "Taken-Over-123456",
                "set_usable_password": "true",
            },
        )
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.check_password(PASSWORD)


@pytest.mark.django_db
def test_staff_cannot_create_a_superuser_or_grant_permissions_on_the_add_form(client):
    client.force_login(StaffFactory())
    perm = Permission.objects.get(codename="change_user")
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new.person@example.org",
            "role": "student",
            "usable_password": "true",
            "password1": "A-long-enough-passphrase-26",
            "password2": "A-long-enough-passphrase-26",
            "is_superuser": "on",
            "is_staff": "on",
            "user_permissions": [perm.pk],
            "groups": list(Group.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(email="new.person@example.org")
    assert not created.is_superuser and not created.is_staff
    assert not created.user_permissions.exists() and not created.groups.exists()


@pytest.mark.django_db
def test_supervisors_reach_no_account_page(client, boss):
    client.force_login(SupervisorFactory())
    student = StudentFactory()
    for url in (
        "/admin/accounts/user/",
        f"/admin/accounts/user/{student.pk}/change/",
        f"/admin/accounts/user/{student.pk}/password/",
        "/admin/account/emailaddress/",
        "/admin/mfa/authenticator/",
        "/admin/auth/group/",
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_superusers_still_manage_addresses_factors_and_passwords(client, boss):
    student = StudentFactory()
    client.force_login(boss)
    address = EmailAddress.objects.get(user=student)
    response = client.post(
        f"/admin/account/emailaddress/{address.pk}/change/", _address_form(address, email="fixed@example.org")
    )
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.email == "fixed@example.org"
    assert client.get(f"/admin/accounts/user/{student.pk}/password/").status_code == 200
    assert client.get("/admin/auth/group/").status_code == 200


def test_no_background_task_touches_accounts():
    """Staff edit django-celery-beat's schedules (harmless while no registered task changes an
    account, an address or a password: beat only runs registered tasks, with JSON arguments)."""
    from config.celery import app

    app.loader.import_default_modules()
    suspicious = [
        name
        for name in app.tasks
        if name.startswith(("accounts.", "allauth.", "django.contrib.auth"))
        or any(word in name for word in ("password", "user", "email_address", "superuser"))
    ]
    assert suspicious == []
