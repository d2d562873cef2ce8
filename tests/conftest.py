"""Shared fixtures: factories' helpers, a real browser (Debian's Chromium) and a real Celery worker."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test writes its uploads and generated PDFs to its own private folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _back_to_english():
    """A French request leaves French active in the test's thread: the next test starts in English."""
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache: one test's attempts must not count against the next."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- Browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    browser = _playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, request, live_server):
    context = browser.new_context(
        locale="en-GB", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.live_server_url = live_server.url
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def login_as(page, user):
    """Log `user` into the browser page without typing (uses a real session of the live server)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": page.live_server_url}]
    )


@pytest.fixture
def screenshot():
    """Save a screenshot to test-artifacts/ (to look at pages while building them)."""

    def _shot(pg, name):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        return path

    return _shot


# --- Celery --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_server():
    """This run's own redis-server (see tests/redis_server.py): no other run shares its queues."""
    from tests.redis_server import RedisServer, require_redis_server

    require_redis_server()
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def celery_worker(transactional_db, settings, redis_server):
    """A real Celery worker (thread) consuming from Redis, as in production; tasks are not eager."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from tests.workers import broker

    with (
        broker(redis_server, 1, settings),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker,
    ):
        yield worker
