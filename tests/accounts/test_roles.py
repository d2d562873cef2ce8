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
