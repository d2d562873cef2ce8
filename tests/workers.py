"""What the tests that run real Celery workers share: the broker switch, the worker command line,
and subprocesses stopped with their whole process group.

The in-process `celery_worker` fixture (tests/conftest.py) and the subprocess tests
(tests/summerschool/test_worker_kill.py, tests/test_two_hosts.py) all point the Celery app at
this run's private redis-server the same way; the subprocess tests also share the test database
with their processes, which needs PostgreSQL.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def require_postgresql(failure, skip):
    """Processes other than pytest's see the test database only on PostgreSQL: skip elsewhere, but
    fail in CI, where PostgreSQL is the database and a skip would hide the test."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail(failure)
        pytest.skip(skip)


def database_url():
    """The test database as a DATABASE_URL, for the subprocesses."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def broker(redis_server, db, settings):
    """Tasks go to Redis database `db` of this run's redis-server (not eagerly run); yields its URL."""
    from config.celery import app

    if not redis_server.ping():  # a failure test killed it
        redis_server.start()
    url = redis_server.url(db)
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # Connections and producers are pooled per broker URL: start from fresh pools.
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield url
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def worker_command(name):
    """`celery -A config worker` as in production (prefork), one process, named `name`."""
    return [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1",
        "--without-gossip", "--without-mingle", "--loglevel", "INFO", "-n", f"{name}@%h",
    ]  # fmt: skip


class Processes:
    """Subprocesses in their own session, each logging to `<log_dir>/<name>.log`; `stop()` ends each
    one's whole process group (SIGTERM, then SIGKILL after `grace` seconds)."""

    def __init__(self, log_dir, env, grace):
        self.log_dir, self.env, self.grace = Path(log_dir), env, grace
        self.started = []

    def start(self, name, command):
        log_path = self.log_dir / f"{name}.log"
        log = open(log_path, "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((proc, log))
        proc.log_path = log_path
        return proc

    def stop(self):
        for proc, log in self.started:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(self.grace)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(10)
            log.close()


def wait_for(condition, timeout, step=0.2):
    """Poll `condition` until it holds (True) or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
