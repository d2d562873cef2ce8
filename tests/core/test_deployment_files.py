"""The compose file and the Caddyfile an operator runs: valid, and shaped as README's Operations says
(web replicas behind the proxy, migrations once, one beat).

docker-compose (Debian's package) and caddy validate them where installed; the shape is checked on
the text, so it is checked everywhere.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.yml").read_text()


def _tool(name):
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed")
    return name


def test_compose_file_is_valid_by_default_and_with_the_minio_profile():
    for extra in ([], ["--profile", "minio"]):
        result = subprocess.run(
            [_tool("docker-compose"), *extra, "config", "-q"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr


def _service(name):
    """The text of one service of the compose file (up to the next service or the volumes)."""
    _before, _sep, rest = COMPOSE.partition(f"\n  {name}:\n")
    assert rest, f"no service {name}"
    lines = []
    for line in rest.splitlines():
        if line and not line.startswith("   ") and not line.startswith("  #"):
            break
        lines.append(line)
    return "\n".join(lines)


def test_compose_runs_migrations_once_and_gunicorn_as_pid_1():
    for name in ("migrate", "web", "worker", "beat"):
        assert "sh -c" not in _service(name)
    assert 'command: ["python", "manage.py", "migrate", "--noinput"]' in COMPOSE
    assert COMPOSE.count("depends_on: *after-migrate") == 3  # web, worker, beat
    assert "condition: service_completed_successfully" in COMPOSE
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in COMPOSE


def test_only_the_proxy_publishes_a_port_so_web_and_worker_scale():
    """`docker compose up --scale web=3 --scale worker=2`: a fixed host port on web would collide."""
    for name in ("web", "worker", "beat", "migrate", "postgres", "redis", "minio"):
        assert "ports:" not in _service(name), name
        assert "container_name" not in _service(name), name
    proxy = _service("proxy")
    assert "ports:" in proxy and "profiles" not in proxy  # always there: nothing else is reachable
    assert '"${PROXY_BIND:-0.0.0.0}:${PROXY_HTTP_PORT:-80}:80"' in proxy
    assert 'profiles: ["minio"]' in _service("minio") and 'profiles: ["minio"]' in _service("minio-bucket")
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "dynamic a" in caddyfile and "name web" in caddyfile and "lb_policy" in caddyfile


def test_compose_passes_the_bucket_settings_to_every_portal_service():
    for name in (
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    ):
        assert f"{name}: ${{{name}:-}}" in COMPOSE
    example = (ROOT / ".env.example").read_text()
    assert "AWS_STORAGE_BUCKET_NAME" in example and "PORTAL_PORT" not in example


def test_caddyfile_is_valid():
    result = subprocess.run(
        [_tool("caddy"), "validate", "--config", "deploy/Caddyfile", "--adapter", "caddyfile"],
        cwd=ROOT,
        env={**os.environ, "PORTAL_DOMAIN": "iro.example.org"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_second_replica_misses_nothing_kept_by_the_first():
    """With REDIS_URL (every compose service has it), sessions live in PostgreSQL and the cache (rate
    limits, the directory's version) in Redis: no state in one process that another replica lacks."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup(); "
        "from django.conf import settings as s; "
        "print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:1/0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "django.contrib.sessions.backends.db",
        "core.cache.ResilientRedisCache",
        "False",
    ], result.stderr


# Set by compose itself (its own database, Redis, volume, production mode) or, for STATIC_ROOT, fixed
# when the image is built (collectstatic writes /app/staticfiles then).
SET_BY_COMPOSE = {"DATABASE_URL", "REDIS_URL", "PRIVATE_MEDIA_ROOT", "DJANGO_DEBUG", "STATIC_ROOT"}


def test_every_setting_read_from_the_environment_is_documented_and_reaches_the_containers():
    """An office admin sets the portal up from README's configuration table and .env.example: a
    variable the settings read must be in both, with compose handing it to web, worker and beat
    (a variable in .env that compose does not name never reaches a container)."""
    settings_source = (ROOT / "config" / "settings.py").read_text()
    names = set(re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_source))
    assert {"SECRET_KEY", "BANK_CSV_ID", "PRIVACY_DATA_COPY_DAYS", "PRIVACY_DPO_EMAIL"} <= names
    readme = (ROOT / "README.md").read_text()
    table = readme.partition("\n## Configuration\n")[2].partition("\n## ")[0]
    example = (ROOT / ".env.example").read_text()
    portal = COMPOSE.partition("x-portal: &portal")[2].partition("\n  volumes:")[0]
    missing = [
        f"{name}: {where}"
        for name in sorted(names)
        for where, found in (
            ("README's configuration table", f"`{name}`" in table),
            (".env.example", re.search(rf"^#? ?{name}=", example, re.MULTILINE)),
            (
                "docker-compose.yml's x-portal environment",
                name in SET_BY_COMPOSE or f"\n    {name}:" in portal,
            ),
        )
        if not found
    ]
    assert not missing, "\n".join(missing)


def test_the_privacy_contacts_come_from_the_environment():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PRIVACY_CONTROLLER")}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from privacy.register import controller; print(controller())",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "1", "PRIVACY_DPO_EMAIL": "dpo@example.org"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "'dpo_email': 'dpo@example.org'" in result.stdout
    assert "'controller': 'Université Paris Cité" in result.stdout  # the others keep their defaults
