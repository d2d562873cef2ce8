import re

import pytest
from django.contrib.auth.models import Group

from accounts.models import Role, User
from accounts.roles import STAFF_GROUP, SUPERVISOR_GROUP
from tests.conftest import login_as
from tests.factories import InstitutionFactory, StaffFactory, StudentFactory


@pytest.mark.django_db
def test_fresh_database_has_back_office_groups_with_permissions():
    staff = Group.objects.get(name=STAFF_GROUP)
    supervisors = Group.objects.get(name=SUPERVISOR_GROUP)
    assert staff.permissions.filter(codename="change_agreement").exists()
    assert not supervisors.permissions.filter(codename="change_agreement").exists()


@pytest.mark.django_db
def test_student_cannot_open_the_admin(client):
    client.force_login(StudentFactory())
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain, "a student must be sent away from the admin"
    assert b"Site administration" not in response.content
    assert client.get("/admin/partners/institution/").status_code == 302


@pytest.mark.django_db
def test_anonymous_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_invites_coordinator_who_sets_password_and_logs_in(page, mailoutbox, screenshot):
    staff = StaffFactory(first_name="Camille", last_name="Martin")
    charite = InstitutionFactory(name="Charité – Universitätsmedizin Berlin")
    base = page.live_server_url
    login_as(page, staff)
    page.goto(base + "/admin/accounts/user/")
    page.get_by_role("link", name="Invite a partner coordinator").click()
    page.get_by_label("Email address").fill("Anna.Schneider@charite.example")
    page.get_by_label("First name").fill("Anna")
    page.get_by_label("Last name").fill("Schneider")
    page.get_by_label("Institutions").select_option(label=charite.name)
    screenshot(page, "admin-invite-coordinator")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to anna.schneider@charite.example").wait_for()

    coordinator = User.objects.get(email="anna.schneider@charite.example")
    assert coordinator.role == Role.COORDINATOR
    assert not coordinator.has_usable_password()
    assert list(coordinator.coordinated_institutions.all()) == [charite]
    assert len(mailoutbox) == 1
    assert charite.name in mailoutbox[0].body
    link = re.search(r"https?://\S+(/accounts/invitation/\S+/)", mailoutbox[0].body).group(1)

    page.context.clear_cookies()
    page.goto(base + link)
    page.locator("#id_new_password1").fill("Nomination-Berlin-26")
    page.locator("#id_new_password2").fill("Nomination-Berlin-26")
    screenshot(page, "accept-invitation")
    page.get_by_role("button", name="Set my password").click()
    page.get_by_text("Your password is set").wait_for()

    # The link works once.
    page.goto(base + link)
    assert page.get_by_role("heading", name="This link no longer works").is_visible()

    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill("anna.schneider@charite.example")
    page.locator("#id_password").fill("Nomination-Berlin-26")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_test_id("account-menu").wait_for()
    assert "Anna Schneider" in page.get_by_test_id("account-menu").inner_text()


def _change_form(user, **changes):
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "role": user.role,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_iro_staff_cannot_make_anyone_a_superuser_or_touch_a_superuser(client):
    staff = StaffFactory()
    student = StudentFactory()
    boss = User.objects.create_superuser(email="boss@iro.example", password="x-very-long-pass")
    client.force_login(staff)
    url = f"/admin/accounts/user/{student.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    response = client.post(url, _change_form(student, is_superuser="on", is_staff="on", groups=[1, 2]))
    assert response.status_code == 302
    student.refresh_from_db()
    assert not student.is_superuser and not student.is_staff and not student.groups.exists()
    # Staff members themselves are no exception.
    client.post(f"/admin/accounts/user/{staff.pk}/change/", _change_form(staff, is_superuser="on"))
    staff.refresh_from_db()
    assert not staff.is_superuser
    # A superuser's account is out of reach: no change, no password reset, no deletion.
    assert client.post(f"/admin/accounts/user/{boss.pk}/change/", _change_form(boss)).status_code == 403
    assert client.get(f"/admin/accounts/user/{boss.pk}/password/").status_code == 403
    assert client.post(f"/admin/accounts/user/{boss.pk}/delete/", {"post": "yes"}).status_code == 403


@pytest.mark.django_db
def test_the_role_chosen_in_the_admin_brings_its_access(client):
    client.force_login(StaffFactory())
    student = StudentFactory()
    url = f"/admin/accounts/user/{student.pk}/change/"
    assert client.post(url, _change_form(student, role=Role.SUPERVISOR)).status_code == 302
    student.refresh_from_db()
    assert student.is_staff and [g.name for g in student.groups.all()] == [SUPERVISOR_GROUP]
    assert client.post(url, _change_form(student, role=Role.STUDENT)).status_code == 302
    student.refresh_from_db()
    assert not student.is_staff and not student.groups.exists()
