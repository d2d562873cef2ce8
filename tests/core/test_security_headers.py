"""Security headers (issue 12): a Content-Security-Policy without inline scripts on every page,
no caching of personal data, and the usual frame, referrer, sniffing and opener headers."""

import pytest
from django.urls import reverse

from mobility import services
from tests.factories import StaffFactory, StudentFactory
from tests.mobility.factories import ApplicationFactory, DocumentRequirementFactory, pdf_file

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/accounts/login/", "/admin/login/"]


def policy(response):
    """The CSP header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_common_headers(response):
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_pages_have_a_strict_content_security_policy(client, url):
    response = client.get(url)
    assert response.status_code in (200, 302)  # the admin's login sends to allauth's
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert_common_headers(response)


def test_no_page_template_has_an_inline_script(client):
    """Every script is a file (the policy would block an inline one without its nonce)."""
    for url in ["/", "/accounts/login/", "/accounts/signup/", "/partners/", "/summer-schools/"]:
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag or "nonce=" in tag, (url, tag)


def test_public_pages_seen_anonymously_keep_their_caching(client):
    for url in ["/", "/partners/", "/summer-schools/"]:
        assert "no-store" not in client.get(url).get("Cache-Control", "")


def test_the_admin_and_the_login_are_never_stored(client):
    assert "no-store" in client.get("/admin/login/")["Cache-Control"]
    assert "no-store" in client.get("/accounts/login/")["Cache-Control"]


def test_every_answer_to_a_signed_in_person_is_never_stored(client):
    client.force_login(StudentFactory())
    for url in ["/", reverse("mobility:dashboard"), reverse("mobility:programmes")]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    client.force_login(StaffFactory())
    assert "no-store" in client.get(reverse("admin:index"))["Cache-Control"]


def test_private_files_are_never_stored_and_cannot_run(client):
    requirement = DocumentRequirementFactory()
    application = ApplicationFactory(call=requirement.call, complete=True)
    document = services.upload_document(application, requirement, pdf_file(), by=application.student)
    client.force_login(application.student)
    response = client.get(reverse("mobility:document_file", args=[document.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "sandbox"
    assert_common_headers(response)


def test_an_inline_script_gets_a_nonce_only_when_a_template_asks_for_one(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    request = rf.get("/")
    middleware = CSPMiddleware(lambda r: HttpResponse(f'<script nonce="{r.csp_nonce}"></script>'))
    response = middleware(request)
    nonce = request.csp_nonce
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    plain = CSPMiddleware(lambda r: HttpResponse("<p>no script</p>"))(rf.get("/"))
    assert "nonce-" not in plain["Content-Security-Policy"]
