"""The compose file and the Caddyfile an operator runs: valid, and shaped as README's Operations says.

docker-compose (Debian's package) and caddy validate them where installed; the shape is checked on
the text, so it is checked everywhere.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.yml").read_text()


def _tool(name):
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed")
    return name


def test_compose_file_is_valid_with_and_without_the_proxy_profile():
    for extra in ([], ["--profile", "proxy"]):
        result = subprocess.run(
            [_tool("docker-compose"), *extra, "config", "-q"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr


def test_compose_runs_migrations_once_and_gunicorn_as_pid_1():
    assert "sh -c" not in COMPOSE
    assert 'command: ["python", "manage.py", "migrate", "--noinput"]' in COMPOSE
    assert COMPOSE.count("depends_on: *after-migrate") == 3  # web, worker, beat
    assert "condition: service_completed_successfully" in COMPOSE
    assert '"${PORTAL_BIND:-127.0.0.1}:${PORTAL_PORT:-8000}:8000"' in COMPOSE
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in COMPOSE


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
