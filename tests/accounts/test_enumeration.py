"""Signup and password reset say nothing about whether an address has an account: same answer,
same emails-or-not, and the same expensive step (hashing) on both paths (issue 12)."""

import re
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from accounts.models import User
from tests.factories import StudentFactory


@pytest.fixture
def hashings():
    """How many times a password is hashed (the step that takes most of a signup's time)."""
    calls = []
    real = MD5PasswordHasher.encode

    def counting(self, password, salt):
        calls.append(password)
        return real(self, password, salt)

    with mock.patch.object(MD5PasswordHasher, "encode", counting):
        yield calls


def _page(response, email):
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return text.replace(email, "EMAIL")


def _signup(client, email):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": "Spring-in-Berlin-2026",
            "password2": "Spring-in-Berlin-2026",
            "first_name": "Léa",
            "last_name": "Dubois",
        },
    )


def _answers(emails, send, client, mailoutbox, hashings, capture_on_commit):
    """What someone sees for each address after `send(email)`: the answer, the page it leads to
    (the address masked), whether the address got an email, and how many hashings it cost."""
    answers = []
    for email in emails:
        mailoutbox.clear()
        before = len(hashings)
        with capture_on_commit(execute=True):
            response = send(email)
        page = client.get(response["Location"])
        answers.append(
            {
                "status": response.status_code,
                "location": response["Location"],
                "page": _page(page, email),
                "emails to the address": [m.to for m in mailoutbox] == [[email]],
                "hashings": len(hashings) - before,
            }
        )
    return answers


@pytest.mark.django_db
def test_signup_answers_alike_for_an_existing_and_a_new_address(
    client, mailoutbox, hashings, django_capture_on_commit_callbacks
):
    existing = StudentFactory(email="lea.dubois@example.org")
    hashings.clear()

    def signup(email):
        client.cookies.clear()  # each address from a new visitor
        return _signup(client, email)

    first, second = _answers(
        (existing.email, "someone.new@example.org"),
        signup,
        client,
        mailoutbox,
        hashings,
        django_capture_on_commit_callbacks,
    )
    assert first == second
    assert first["status"] == 302 and first["emails to the address"] and first["hashings"] >= 1
    assert User.objects.filter(email="lea.dubois@example.org").count() == 1  # nothing created twice


@pytest.mark.django_db
def test_password_reset_answers_alike_for_an_existing_and_an_unknown_address(
    client, mailoutbox, hashings, django_capture_on_commit_callbacks
):
    StudentFactory(email="lea.dubois@example.org")
    hashings.clear()
    first, second = _answers(
        ("lea.dubois@example.org", "nobody@example.org"),
        lambda email: client.post("/accounts/password/reset/", {"email": email}),
        client,
        mailoutbox,
        hashings,
        django_capture_on_commit_callbacks,
    )
    assert first == second
    assert first["location"] == "/accounts/password/reset/done/" and first["emails to the address"]
