"""Smoke test of the portal in production mode, over HTTP only (stdlib: http.client), as a visitor would.

    python .ci/smoke.py --port PORT --host HOST --plan plan.json --mail-dir DIR --access-log FILE

Talks to gunicorn on 127.0.0.1:PORT as a TLS-terminating proxy would: `Host: HOST` and
`X-Forwarded-Proto: https` on every request (the settings trust that header), cookies kept here
even though they are marked Secure, Origin/Referer `https://HOST` on form posts (Django's CSRF check).
The people and records come from .ci/smoke_data.py (plan.json). Every check runs, each says PASS or
FAIL with the reason; any FAIL, any HTTP 5xx (seen here or in gunicorn's access log) exits 1.
"""

import argparse
import base64
import email
import email.policy
import hashlib
import hmac
import html
import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import unicodedata
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

WAIT_SECONDS = 60  # for the worker to render the acceptance letter and the certificate
MAIL_WAIT_SECONDS = 90  # for the certificate email (with its PDF) to reach the SMTP sink


class Failure(Exception):
    pass


class Response:
    def __init__(self, method, path, status, headers, body, history):
        self.method, self.path, self.status, self.headers, self.body = method, path, status, headers, body
        self.history = history  # the redirects followed to get here: [(status, path), ...]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def content_type(self):
        return self.headers.get("Content-Type", "")

    def describe(self):
        chain = " -> ".join(f"{p} ({s})" for s, p in self.history)
        return f"{self.method} {chain + ' -> ' if chain else ''}{self.path} answered {self.status}"


class Browser:
    """One visitor: its own cookies (Secure ones included: we are behind the 'TLS proxy')."""

    def __init__(self, port, host, name, server_errors, https=True):
        self.port, self.host, self.name, self.https = port, host, name, https
        self.cookies, self.set_cookie_headers = {}, []
        self.server_errors = server_errors

    @property
    def origin(self):
        return f"https://{self.host}"

    def request(self, method, path, *, form=None, headers=None, follow=True, referer=None):
        history = []
        for _ in range(10):
            body = urlencode(form).encode() if form is not None else None
            sent = {"Host": self.host, "User-Agent": "iro-ci-smoke/1.0", "Accept-Language": "en"}
            if self.https:
                sent["X-Forwarded-Proto"] = "https"
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if body is not None:
                sent["Content-Type"] = "application/x-www-form-urlencoded"
                sent["Origin"] = self.origin
                sent["Referer"] = referer or self.origin + path
            sent.update(headers or {})
            conn = HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                conn.request(method, path, body=body, headers=sent)
                raw = conn.getresponse()
                data = raw.read()
            except OSError as exc:
                raise Failure(f"{method} {path}: no answer from gunicorn ({exc})") from exc
            finally:
                conn.close()
            self._keep_cookies(raw.msg.get_all("Set-Cookie") or [])
            response = Response(method, path, raw.status, raw.msg, data, history)
            if raw.status >= 500:
                self.server_errors.append(f"[{self.name}] {response.describe()}")
                raise Failure(f"{response.describe()}: server error. Body starts: {response.text[:300]!r}")
            location = raw.getheader("Location")
            if not (follow and location and raw.status in (301, 302, 303, 307, 308)):
                return response
            target = urlsplit(urljoin(f"{self.origin}{path}", location))
            if target.netloc != self.host or target.scheme != ("https" if self.https else "http"):
                raise Failure(f"{method} {path} redirected off the site: {location}")
            history.append((raw.status, path))
            path = target.path + (f"?{target.query}" if target.query else "")
            if raw.status in (301, 302, 303):
                method, form = "GET", None
        raise Failure(f"too many redirects from {history[0][1]}")

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def _keep_cookies(self, headers):
        for header in headers:
            self.set_cookie_headers.append(header)
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def login(self, email_address, password, totp_secret=None):
        page = self.get("/accounts/login/")
        expect(page.status == 200, f"{page.describe()} (the login page)")
        form = find_form(page.text, "login")
        expect(form is not None, "no login form (a form with a 'login' field) on /accounts/login/")
        action, fields = form
        fields.update({"login": email_address, "password": password})
        fields.pop("remember", None)
        landed = self.request(
            "POST", action or "/accounts/login/", form=fields, referer=self.origin + page.path
        )
        expect(
            landed.history,
            f"the login POST did not redirect ({landed.status}); the page says: {page_errors(landed.text)}",
        )
        if totp_secret:
            # The back office needs a second factor in production: allauth stops at its code page.
            expect(
                landed.path == "/accounts/2fa/authenticate/",
                f"no two-factor step after the password: landed on {landed.describe()} "
                "(MFA_REQUIRED_FOR_BACK_OFFICE off in production?)",
            )
            form = find_form(landed.text, "code")
            expect(form is not None, "no form with a 'code' field on the two-factor page")
            action, fields = form
            fields["code"] = totp_code(totp_secret)
            landed = self.request(
                "POST", action or landed.path, form=fields, referer=self.origin + landed.path
            )
            expect(
                landed.path != "/accounts/2fa/authenticate/",
                f"the TOTP code was refused; the page says: {page_errors(landed.text)}",
            )
        secure = [h for h in self.set_cookie_headers if h.lower().startswith(("sessionid=", "csrftoken="))]
        insecure = [h.split("=", 1)[0] for h in secure if "secure" not in h.lower()]
        expect(not insecure, f"cookies not marked Secure in production: {insecure}")
        return landed


# --- Small helpers ---------------------------------------------------------------------------------


def totp_code(secret, period=30, digits=6):
    """The current TOTP code of a base32 secret (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits)."""
    if period - time.time() % period < 3:  # about to change: wait for the next one
        time.sleep(period - time.time() % period + 0.5)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time() // period)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{value:0{digits}d}"


def expect(condition, message):
    if not condition:
        raise Failure(message)


INPUT_RE = re.compile(r"<input\b[^>]*>", re.I | re.S)
ATTR_RE = re.compile(r'([\w:-]+)\s*=\s*("([^"]*)"|\'([^\']*)\')', re.S)


def attrs(tag):
    return {
        m.group(1).lower(): html.unescape(m.group(3) if m.group(3) is not None else m.group(4))
        for m in ATTR_RE.finditer(tag)
    }


def find_form(page, needed_field):
    """(action, {name: value}) of the first POST form with a field named `needed_field`."""
    for match in re.finditer(r"(<form\b[^>]*>)(.*?)</form>", page, re.I | re.S):
        form_attrs = attrs(match.group(1))
        if form_attrs.get("method", "get").lower() != "post":
            continue
        fields = {}
        for tag in INPUT_RE.findall(match.group(2)):
            a = attrs(tag)
            if "name" in a and a.get("type", "text").lower() not in ("checkbox", "radio", "submit"):
                fields[a["name"]] = a.get("value", "")
        if needed_field in fields:
            return form_attrs.get("action"), fields
    return None


def page_errors(text):
    errors = re.findall(
        r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>(.*?)</', text, re.S
    )
    return "; ".join(" ".join(re.sub(r"<[^>]+>", " ", e).split()) for e in errors)[:300] or "(no error shown)"


def link(text, testid):
    for tag in re.findall(r"<a\b[^>]*>", text, re.I | re.S):
        a = attrs(tag)
        if a.get("data-testid") == testid:
            return a.get("href")
    return None


def normalised(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        done = subprocess.run(  # noqa: S603 - our own PDF bytes, a fixed program
            [shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", fh.name, "-"],
            capture_output=True,
            timeout=60,
        )
    if done.returncode != 0:
        raise Failure(f"pdftotext could not read it: {done.stderr.decode(errors='replace').strip()}")
    return normalised(done.stdout.decode("utf-8", "replace"))


def check_pdf(response, what, name):
    expect(response.status == 200, f"{what}: {response.describe()}; body starts {response.text[:200]!r}")
    expect(
        response.content_type.startswith("application/pdf"),
        f"{what}: Content-Type is {response.content_type!r}, not application/pdf",
    )
    expect(
        response.body.startswith(b"%PDF-"),
        f"{what}: the body does not start with %PDF- ({response.body[:20]!r})",
    )
    text = pdf_text(response.body)
    expect(
        normalised(name) in text,
        f"{what}: the PDF's text does not contain {name!r} (it reads: {text[:200]!r})",
    )
    return f"{len(response.body)} bytes, names {name}"


# --- The checks ---------------------------------------------------------------------------------


class Smoke:
    def __init__(self, args):
        self.args = args
        self.plan = json.loads(Path(args.plan).read_text())
        self.server_errors = []
        self.results = []  # (name, ok, detail)
        self.browsers = {}
        self.letter_ready = self.certificate_link = None  # set by wait_for_worker

    def browser(self, who):
        if who not in self.browsers:
            self.browsers[who] = Browser(self.args.port, self.args.host, who, self.server_errors)
        return self.browsers[who]

    def check(self, name, func):
        started = time.monotonic()
        try:
            detail = func() or ""
            ok = True
        except Failure as exc:
            ok, detail = False, str(exc)
        except Exception as exc:
            ok, detail = False, f"{exc.__class__.__name__}: {exc}"
        took = time.monotonic() - started
        self.results.append((name, ok, detail))
        print(
            f"{'PASS' if ok else 'FAIL'}  {name} ({took:.1f} s){': ' + detail if detail else ''}", flush=True
        )
        return ok

    # Public side ----------------------------------------------------------------------------

    def healthz(self):
        response = self.browser("anonymous").get("/healthz/")
        expect(response.status == 200, response.describe() + f": {response.text[:200]}")
        body = json.loads(response.body)
        expect(
            body.get("status") == "ok" and body.get("database") == "ok" and body.get("broker") == "ok",
            f"/healthz/ says {body}",
        )
        return json.dumps(body)

    def https_redirect(self):
        plain = Browser(self.args.port, self.args.host, "plain-http", self.server_errors, https=False)
        response = plain.get("/", follow=False)
        location = response.headers.get("Location", "")
        expect(
            response.status == 301 and location.startswith(f"https://{self.args.host}/"),
            f"plain HTTP: {response.describe()} with Location {location!r} (expected 301 to https)",
        )
        response = self.browser("anonymous").get("/")
        hsts = response.headers.get("Strict-Transport-Security", "")
        expect("max-age=" in hsts, f"no Strict-Transport-Security header over https (got {hsts!r})")
        return f"http -> {location}; HSTS {hsts}"

    def home_and_static(self):
        visitor = self.browser("anonymous")
        home = visitor.get("/")
        expect(home.status == 200 and home.content_type.startswith("text/html"), home.describe())
        hashed = re.findall(r'(/static/[\w./-]+\.[0-9a-f]{12}\.(css|js))"', home.text)
        expect(
            hashed,
            "the home page links no hashed static file (/static/…<12 hex>.css|js): manifest not in use?",
        )
        checked = []
        for kind in ("css", "js"):
            for url, ext in hashed:
                if ext != kind:
                    continue
                asset = visitor.get(url)
                expect(asset.status == 200, f"static file: {asset.describe()}")
                wanted = "text/css" if ext == "css" else ("text/javascript", "application/javascript")
                expect(asset.content_type.startswith(wanted), f"{url}: Content-Type {asset.content_type!r}")
                expect(len(asset.body) > 100, f"{url}: only {len(asset.body)} bytes")
                cache = asset.headers.get("Cache-Control", "")
                expect(
                    "immutable" in cache or "max-age=315360000" in cache, f"{url}: Cache-Control {cache!r}"
                )
                checked.append(f"{url} ({asset.content_type}, {len(asset.body)} bytes)")
                break
        return "; ".join(checked)

    def public_pages(self):
        visitor = self.browser("anonymous")
        seen = []
        for path in (
            "/partners/",
            "/partners/networks/",
            "/programmes/",
            "/summer-schools/",
            "/key-figures/",
            "/projects/",
            "/certificates/verify/",
            "/accounts/signup/",
        ):
            response = visitor.get(path)
            expect(response.status == 200, response.describe())
            seen.append(path)
        missing = visitor.get("/no-such-page-smoke/")
        expect(missing.status == 404, f"an unknown address: {missing.describe()} (expected the 404 page)")
        return f"{len(seen)} pages 200, unknown address 404"

    def security_headers(self):
        """What securityheaders.com looks at, on the pages every visitor meets (issue 12)."""
        visitor = self.browser("anonymous")
        seen = []
        for path in ("/", "/accounts/login/", "/admin/login/"):
            response = visitor.get(path, follow=False)
            expect(response.status in (200, 302), response.describe())
            headers = response.headers
            csp = headers.get("Content-Security-Policy", "")
            script_src = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
            found = {
                "Content-Security-Policy": "default-src 'self'" in csp and "frame-ancestors 'none'" in csp,
                "CSP script-src, no 'unsafe-inline'": bool(script_src) and "unsafe-inline" not in script_src,
                "Strict-Transport-Security": "max-age=" in headers.get("Strict-Transport-Security", ""),
                "X-Frame-Options": headers.get("X-Frame-Options", "").upper() == "DENY",
                "Referrer-Policy": bool(headers.get("Referrer-Policy")),
                "X-Content-Type-Options": headers.get("X-Content-Type-Options") == "nosniff",
                "Cross-Origin-Opener-Policy": headers.get("Cross-Origin-Opener-Policy") == "same-origin",
            }
            problems = [name for name, ok in found.items() if not ok]
            expect(not problems, f"{path}: missing or weak {', '.join(problems)}")
            seen.append(path)
        return f"CSP, HSTS, frame, referrer, nosniff, COOP on {', '.join(seen)}"

    # Logins ---------------------------------------------------------------------------------

    def login(self, who, expected_path, must_contain):
        person = self.plan[who]
        landed = self.browser(who).login(person["email"], self.plan["password"], person.get("totp_secret"))
        expect(
            landed.path == expected_path and landed.status == 200,
            f"{who} logged in but landed on {landed.describe()}, expected {expected_path}; "
            f"page says: {page_errors(landed.text)}",
        )
        expect(
            must_contain in landed.text,
            f"{who}'s landing page {expected_path} does not mention {must_contain!r}",
        )
        return f"landed on {landed.path} via {' -> '.join(p for _, p in landed.history)}"

    # Documents ------------------------------------------------------------------------------

    def wait_for_worker(self):
        """Wait (as IRO staff in the admin, and as the participant) for the letter and the certificate."""
        staff, participant = self.browser("staff"), self.browser("participant")
        student = self.plan["student"]
        registration = f"/summer-schools/registrations/{self.plan['participant']['registration']}/"
        letter_in_admin = f"/admin/mobility/acceptanceletter/?q={student['email']}"
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and not (self.letter_ready and self.certificate_link):
            if not self.letter_ready:
                page = staff.get(letter_in_admin)
                expect(page.status == 200, f"the admin's acceptance letters: {page.describe()}")
                # The admin's PDF column links the letter only once its file exists.
                self.letter_ready = (
                    f'href="/applications/{student["application"]}/acceptance-letter/"' in page.text
                )
            if not self.certificate_link:
                page = participant.get(registration)
                expect(page.status == 200, f"the participant's registration: {page.describe()}")
                self.certificate_link = link(page.text, "certificate")
            if not (self.letter_ready and self.certificate_link):
                time.sleep(2)
        missing = [
            what
            for what, done in (
                ("acceptance letter", self.letter_ready),
                ("certificate", self.certificate_link),
            )
            if not done
        ]
        expect(
            not missing,
            f"after {WAIT_SECONDS} s the worker has not produced: {', '.join(missing)} "
            "(see the worker's log below for the task's traceback)",
        )
        return f"{WAIT_SECONDS - (deadline - time.monotonic()):.0f} s"

    def acceptance_letter(self):
        student = self.plan["student"]
        visitor = self.browser("student")
        dashboard = visitor.get("/applications/")
        href = link(dashboard.text, "acceptance-letter")
        expect(href, "the student's dashboard has no acceptance letter link (data-testid=acceptance-letter)")
        note = "" if self.letter_ready else " [worker had not made it: rendered by the web request]"
        return (
            check_pdf(
                visitor.get(href),
                f"acceptance letter {href}",
                f"{student['first_name']} {student['last_name']}",
            )
            + note
        )

    def receipt(self):
        participant = self.plan["participant"]
        visitor = self.browser("participant")
        page = visitor.get(f"/summer-schools/registrations/{participant['registration']}/")
        expect(page.status == 200, page.describe())
        href = link(page.text, "receipt")
        expect(href, "the participant's registration page has no receipt link (data-testid=receipt)")
        name = f"{participant['first_name']} {participant['last_name']}"
        return check_pdf(visitor.get(href), f"receipt {href}", name)

    def certificate(self):
        participant = self.plan["participant"]
        href = self.certificate_link
        expect(href, "no certificate link on the participant's registration page (the worker made none)")
        visitor = self.browser("participant")
        name = f"{participant['first_name']} {participant['last_name']}"
        detail = check_pdf(visitor.get(href), f"certificate {href}", name)
        page = visitor.get(f"/summer-schools/registrations/{participant['registration']}/")
        verify = re.search(r'href="(/certificates/verify/[^"/]+/)"', page.text)
        expect(verify, "the registration page does not link the certificate's public verification page")
        checked = self.browser("anonymous").get(verify.group(1))
        expect(checked.status == 200, f"certificate verification: {checked.describe()}")
        expect(
            participant["last_name"] in html.unescape(checked.text),
            "the verification page does not name the holder",
        )
        return detail + f"; {verify.group(1)} verifies it"

    def emails(self):
        """The certificate email (with its PDF) reached the SMTP sink, and the student heard of the decision."""
        folder = Path(self.args.mail_dir)
        participant, student = self.plan["participant"]["email"], self.plan["student"]["email"]
        # Without a certificate there is no certificate email to wait for: a short look suffices.
        wait = MAIL_WAIT_SECONDS if self.certificate_link else 10
        deadline = time.monotonic() + wait
        while True:
            messages = []
            for path in sorted(folder.glob("*.eml")):
                messages.append(email.message_from_bytes(path.read_bytes(), policy=email.policy.default))
            to = {}
            for msg in messages:
                for rcpt in (msg["X-Smoke-Rcpt"] or "").split(", "):
                    to.setdefault(rcpt, []).append(msg)
            certificate_mail = [
                m
                for m in to.get(participant, [])
                if any(part.get_content_type() == "application/pdf" for part in m.iter_attachments())
            ]
            if (certificate_mail and to.get(student)) or time.monotonic() > deadline:
                break
            time.sleep(2)
        expect(messages, f"no email at all reached the SMTP server in {wait} s")
        expect(to.get(student), f"no email to the student {student} (status changes)")
        expect(
            certificate_mail,
            f"no email with a PDF attachment to the participant {participant} (the certificate)",
        )
        expect(
            len(certificate_mail) == 1,
            f"the participant received the certificate {len(certificate_mail)} times (exactly once expected)",
        )
        pdf = next(
            p for p in certificate_mail[0].iter_attachments() if p.get_content_type() == "application/pdf"
        )
        expect(pdf.get_content().startswith(b"%PDF-"), "the certificate attached to the email is not a PDF")
        subjects = sorted({" ".join(str(m["Subject"]).split()) for m in messages})
        return f"{len(messages)} messages; subjects: {subjects}"

    def beat(self):
        """Beat read the database schedule and sent its due tasks through Redis; the worker ran each."""
        beat_log, worker_log = Path(self.args.beat_log), Path(self.args.worker_log)
        deadline = time.monotonic() + 30
        while True:
            sent = dict(
                re.findall(r"Sending due task (.+?) \(([\w.]+)\)", beat_log.read_text(errors="replace"))
            )
            worker = worker_log.read_text(errors="replace")
            done = {
                task
                for task in sent.values()
                if re.search(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", worker)
            }
            if (sent and done == set(sent.values())) or time.monotonic() > deadline:
                break
            time.sleep(1)
        expect(sent, "beat sent no task in 30 s (smoke_data.py makes the interval tasks due at once)")
        missing = sorted(set(sent.values()) - done)
        expect(not missing, f"beat sent {missing} but the worker did not run them successfully")
        return f"{len(sent)} due tasks sent and run: {sorted(sent)}"

    def access_log(self):
        path = Path(self.args.access_log)
        expect(path.exists(), f"no access log at {path}")
        lines = path.read_text(errors="replace").splitlines()
        errors = [line for line in lines if re.search(r'" 5\d\d ', line)]
        expect(
            not errors,
            f"{len(errors)} server errors in gunicorn's access log:\n    " + "\n    ".join(errors[:20]),
        )
        return f"{len(lines)} requests, no 5xx"

    def run(self):
        self.check("healthz: database and broker ok", self.healthz)
        self.check("plain HTTP redirects to HTTPS, HSTS over HTTPS", self.https_redirect)
        self.check("home page and a hashed static file", self.home_and_static)
        self.check("public pages", self.public_pages)
        self.check("security headers (CSP, HSTS, frame, referrer, nosniff, COOP)", self.security_headers)
        student = self.plan["student"]
        self.check(
            "login: student -> student dashboard",
            lambda: self.login("student", "/applications/", student["last_name"]),
        )
        self.check(
            "login: IRO staff -> admin index",
            lambda: self.login("staff", "/admin/", "International Relations Office"),
        )
        self.check(
            "login: coordinator -> coordinator dashboard",
            lambda: self.login("coordinator", "/partners/coordinator/", "Charité"),
        )
        self.check(
            "login: summer-school participant", lambda: self.login("participant", "/applications/", "Tomasz")
        )
        self.check("worker: acceptance letter and certificate produced", self.wait_for_worker)
        self.check("acceptance letter PDF (student)", self.acceptance_letter)
        self.check("receipt PDF (participant)", self.receipt)
        self.check("certificate PDF (participant) and its verification page", self.certificate)
        self.check("emails reached the SMTP server", self.emails)
        self.check("beat: database schedule dispatched, worker ran it", self.beat)
        self.check("gunicorn access log: no 5xx", self.access_log)
        failed = [name for name, ok, _detail in self.results if not ok]
        print()
        if self.server_errors:
            print("HTTP 5xx answers seen:\n  " + "\n  ".join(self.server_errors))
        if failed:
            print(f"SMOKE FAILED: {len(failed)} of {len(self.results)} checks: " + "; ".join(failed))
            return 1
        print(f"SMOKE PASSED: {len(self.results)} checks")
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", required=True, help="the public host name (in ALLOWED_HOSTS)")
    parser.add_argument("--plan", required=True, help="JSON written by .ci/smoke_data.py")
    parser.add_argument("--mail-dir", required=True, help="where .ci/smtp_sink.py keeps the messages")
    parser.add_argument("--access-log", required=True, help="gunicorn's access log")
    parser.add_argument("--beat-log", required=True, help="celery beat's log")
    parser.add_argument("--worker-log", required=True, help="the Celery worker's log")
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        sys.exit("smoke: pdftotext is missing (Debian package poppler-utils: bash .ci/system-deps test)")
    sys.exit(Smoke(args).run())


if __name__ == "__main__":
    main()
