"""`create_staff_account`: the first back-office account of a new site, from the command line."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from accounts.roles import STAFF_GROUP

PASSWORD = "Tilleul-ambre-2026!"
SMTP = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
CONSOLE = {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


def _run(*args):
    out = io.StringIO()
    call_command("create_staff_account", *args, stdout=out)
    return out.getvalue()


def _link(text):
    return re.search(r"https?://\S+/accounts/password/reset/key/\S+", text).group(0)


@pytest.mark.django_db
def test_without_email_the_link_is_printed_and_leads_to_the_admin(client, settings, mailoutbox):
    settings.EMAIL_CONFIG = CONSOLE
    out = _run("Claire.Martin@u-paris.fr", "--name", "Claire Martin")
    assert "No email is configured (EMAIL_URL)" in out
    assert not mailoutbox

    user = User.objects.get(email="claire.martin@u-paris.fr")
    assert (user.first_name, user.last_name, user.role) == ("Claire", "Martin", Role.STAFF)
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [STAFF_GROUP]
    assert EmailAddress.objects.get(user=user).verified

    # allauth's reset view moves the key into the session and redirects to a page with the form.
    link = _link(out).removeprefix(settings.SITE_URL)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(set_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    # The admin login goes through allauth; a verified address means no "Verify your email" stop.
    login = client.post(
        "/accounts/login/?next=/admin/", {"login": "claire.martin@u-paris.fr", "password": PASSWORD}
    )
    assert login.status_code == 302 and login["Location"] == "/admin/"
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert b"Claire" in admin.content

    # The link works once.
    assert client.get(link, follow=True).context["token_fail"]


@pytest.mark.django_db
def test_with_email_configured_the_link_is_emailed_in_the_owners_language(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_CONFIG = SMTP
    with django_capture_on_commit_callbacks(execute=True):
        out = _run("dir.iro@u-paris.fr", "--superuser", "--language", "fr")
    assert "emailed to dir.iro@u-paris.fr" in out
    assert "/accounts/password/reset/key/" not in out
    assert len(mailoutbox) == 1
    msg = mailoutbox[0]
    assert msg.to == ["dir.iro@u-paris.fr"]
    assert "Votre compte de l’équipe du BRI" in msg.subject
    assert "Choisissez votre mot de passe" in msg.body
    assert _link(msg.body).startswith(settings.SITE_URL + "/accounts/password/reset/key/")
    user = User.objects.get(email="dir.iro@u-paris.fr")
    assert user.is_superuser and user.is_staff and user.role == Role.STAFF


@pytest.mark.django_db
def test_running_it_twice_keeps_one_account_and_its_password(settings):
    settings.EMAIL_CONFIG = CONSOLE
    _run("staff@u-paris.fr")
    user = User.objects.get(email="staff@u-paris.fr")
    user.set_password(PASSWORD)
    user.save()
    out = _run("staff@u-paris.fr", "--superuser", "--print-link")
    assert User.objects.filter(email="staff@u-paris.fr").count() == 1
    assert EmailAddress.objects.filter(email="staff@u-paris.fr").count() == 1
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.is_superuser
    assert "/accounts/password/reset/key/" in out


@pytest.mark.django_db
def test_an_existing_student_becomes_staff_with_the_staff_group_only(settings):
    settings.EMAIL_CONFIG = CONSOLE
    student = User.objects.create_user("former.student@u-paris.fr", PASSWORD)
    EmailAddress.objects.create(user=student, email="old@example.org", primary=True, verified=False)
    _run("former.student@u-paris.fr")
    student.refresh_from_db()
    assert student.role == Role.STAFF and student.is_staff
    primary = EmailAddress.objects.get(user=student, primary=True)
    assert (primary.email, primary.verified) == ("former.student@u-paris.fr", True)


def test_a_bad_address_is_refused():
    with pytest.raises(CommandError, match="not an email address"):
        _run("not-an-address")
