"""seed_demo publishes its passwords (README): production must ask for it by name."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.core.test_health_and_settings import GOOD_KEY, _manage


@pytest.mark.django_db
def test_seed_demo_refuses_in_production_without_the_flag(settings):
    settings.DEBUG, settings.TESTING = False, False
    with pytest.raises(CommandError, match="--create-published-demo-passwords"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_seed_demo_refuses_from_the_command_line_with_debug_off():
    result = _manage("seed_demo", DJANGO_DEBUG="0", SECRET_KEY=GOOD_KEY, DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "refuses to run with DJANGO_DEBUG=0" in result.stderr
    assert "--create-published-demo-passwords" in result.stderr


@pytest.mark.django_db
def test_seed_demo_runs_in_production_when_asked_by_name(settings, django_capture_on_commit_callbacks):
    settings.DEBUG, settings.TESTING = False, False
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--create-published-demo-passwords", stdout=out)
    assert User.objects.filter(is_superuser=True).exists()
