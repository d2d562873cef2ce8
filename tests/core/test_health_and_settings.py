import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_reports_database(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_says_the_broker_is_down_without_failing_the_web_replica(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["database"] == "ok"
    assert body["broker"].startswith("error") and "wait" in body["broker"]
    assert body["outbox"] == {"queued": 0, "oldest_queued_seconds": 0, "failed": 0}


def _manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DJANGO_DEBUG",
            "SECRET_KEY",
            "PLAIN_HTTP_TRIAL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
        )
    }  # manage.py then reads config.settings, as in production, not the test suite's settings
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _check_deploy(**env):
    """Django's deployment check with the production settings and a real key, failing on warnings."""
    return _manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="0", SECRET_KEY=GOOD_KEY, **env
    )


def test_check_deploy_with_production_settings_reports_nothing():
    result = _check_deploy(ALLOWED_HOSTS="iro.u-paris.fr")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


GOOD_KEY = "x7!Q2pLm9#vR4tZ8wK1nB6yH3cF5jD0sA-aGeUiOoPlKjHgFdSaQwErTy"


@pytest.mark.parametrize(
    "key, problem",
    [
        (None, "is not set"),
        ("", "is not set"),
        ("django-insecure-dev-only-do-not-use-in-production", "is not set"),
        ("collectstatic-only", "is only 18 characters long"),
        ("a" * 60, "is a development or trivial key"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(key, problem):
    env = {"DJANGO_DEBUG": "0", "ALLOWED_HOSTS": "iro.u-paris.fr"}
    if key is not None:
        env["SECRET_KEY"] = key
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY " + problem in result.stderr
    assert "at least 50 characters" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-c", "import config.wsgi"],  # gunicorn, runserver
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo"],
        [sys.executable, "-m", "celery", "-A", "config", "beat"],
    ],
    ids=["web", "worker", "beat"],
)
def test_web_worker_and_beat_refuse_the_development_key(command):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_build_commands_need_no_key():
    """`makemigrations --check` signs nothing: it runs on any machine, production settings or not."""
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_keeps_its_default_key():
    result = _manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_real_key_starts():
    result = _manage("check", DJANGO_DEBUG="0", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="iro.u-paris.fr")
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_http_trial_is_flagged_by_check_deploy():
    """The trial switch turns HTTPS off, so a deployment check must never pass with it."""
    result = _check_deploy(ALLOWED_HOSTS="localhost", PLAIN_HTTP_TRIAL="1")
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout


@pytest.mark.parametrize("trial, location", [("1", "/static/img/favicon.svg"), ("0", "https://")])
def test_plain_http_trial_answers_plain_http_without_sending_it_to_https(trial, location):
    code = (
        "from django.test import Client; r = Client().get('/favicon.ico'); "
        "print(r.status_code, r['Location'])"
    )
    result = _manage(
        "shell",
        "-c",
        code,
        DJANGO_DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="testserver",
        PLAIN_HTTP_TRIAL=trial,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    status, redirect = result.stdout.strip().splitlines()[-1].split()
    assert status == "301" and redirect.startswith(location)


def test_migrations_are_complete():
    result = _manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_healthz_answers_whatever_the_host_name(client, settings):
    """Compose healthchecks call the container by service name, which is not an allowed host."""
    settings.REDIS_URL = ""
    settings.ALLOWED_HOSTS = ["iro.u-paris.fr"]
    assert client.get("/healthz/", HTTP_HOST="web:8000").status_code == 200
    assert client.get("/", HTTP_HOST="web:8000").status_code == 400


def test_the_dockerfile_collectstatic_key_is_accepted_by_the_production_settings():
    """The image build runs collectstatic with DJANGO_DEBUG=0: its throwaway key must pass the check."""
    import re

    key = re.search(r"SECRET_KEY=(\S+)", (ROOT / "Dockerfile").read_text()).group(1)
    assert len(key) >= 50
    result = _manage("check", DJANGO_DEBUG="0", SECRET_KEY=key)
    assert result.returncode == 0, result.stdout + result.stderr
