"""Settings for the IRO Portal, read from the environment only (12-factor).

Every variable is documented in `.env.example` and in the README's configuration table.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
DEVELOPMENT_SECRET_KEY = "django-insecure-dev-only-do-not-use-in-production"  # noqa: S105 - public on purpose
SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
# The key signs sessions, password-reset and email-confirmation links: with the public development
# key anyone could forge them, so production refuses to start without a real one. The refusal is
# config.safety's, called by every process that serves or signs (gunicorn, Celery, manage.py
# commands other than the build-time ones), so that `makemigrations --check` still runs anywhere.
SECRET_KEY_PROBLEM = ""
if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        _key_problem = "is not set"
    elif SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        _key_problem = "is a development or trivial key"
    elif len(SECRET_KEY) < 50:
        _key_problem = f"is only {len(SECRET_KEY)} characters long"
    else:
        _key_problem = ""
    if _key_problem:
        SECRET_KEY_PROBLEM = (
            f"SECRET_KEY {_key_problem}: with DJANGO_DEBUG=0 the portal needs a random SECRET_KEY of at "
            "least 50 characters (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or DJANGO_DEBUG=1 on a development machine."
        )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin: content fields in English and French, edited side by side (<app>/translation.py).
    "modeltranslation",
    "core.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "core.apps.OutboxConfig",  # post_office, named for the admin (core/apps.py)
    "django_countries",
    "import_export",
    # Each app's rules.py (who may see which object) is loaded at startup.
    "rules.apps.AutodiscoverRulesConfig",
    # ours
    "accounts",
    "core",
    "partners",
    "mobility",
    "summerschool",
    "projects",
    "privacy",
    "reminders",
    "learning",
]

MIDDLEWARE = [
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer (policy below), then 400 for control characters.
    "csp.middleware.CSPMiddleware",
    "core.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.BackOfficeMFAMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

# --- Database: embedded SQLite unless DATABASE_URL says otherwise -------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the dev server, the eager tasks and the browser tests share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache when REDIS_URL is set ----------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # A cache outage is not an error: reads miss, writes are dropped, pages are computed again.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered pages kept until a write makes them stale (core.fragments: the student dashboard) only
# with a cache every process shares: with each process's own memory, a write handled by one
# gunicorn worker would leave another worker serving the page as it was.
FRAGMENT_CACHE = bool(REDIS_URL)

# --- Celery --------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# No result backend: nothing reads task results (progress lives in the database), and a task sent
# while Redis is down must fail fast in one place (core.dispatch._dispatch), not subscribe to results.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
# Without a broker tasks run in-process, so the portal works on a bare machine.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Auth and accounts (django-allauth) --------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Object permissions (user.has_perm("mobility.view_application", application)): <app>/rules.py.
    "rules.permissions.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Length is what makes a password strong; 12 characters (ASVS level 2) with no composition rules.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IRO Portal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, kept explicit so that staff can see them here.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
# Behind a reverse proxy, how many proxies append to X-Forwarded-For: the rate limits (allauth's and
# the certificate check's) then count per visitor, not per proxy. 0: the connecting address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IRO Portal"
# A code typed as its 30-second window ends is still accepted (one step either side, as RFC 6238 advises).
MFA_TOTP_TOLERANCE = 1
# Staff, supervisors and superusers reach the back office only from a session verified by TOTP
# (accounts.middleware.BackOfficeMFAMiddleware): on in production, off in development so that the
# demo accounts log in with their password alone (and in the test suite, config/settings_test.py,
# unless a test turns it on).
MFA_REQUIRED_FOR_BACK_OFFICE = env.bool("MFA_REQUIRED_FOR_BACK_OFFICE", default=not DEBUG)
# Signup and password reset answer alike whether or not the address has an account (the wording
# and the email sent are allauth's; accounts.allauth_forms evens out the time).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {"signup": "accounts.allauth_forms.SignupForm"}

# --- Sessions: idle timeout and absolute lifetime (accounts.middleware.SessionTimeoutMiddleware) --
# In seconds. The back office (staff, supervisors, superusers) holds everyone's personal data.
SESSION_IDLE_TIMEOUT_BACK_OFFICE = env.int("SESSION_IDLE_TIMEOUT_BACK_OFFICE", default=30 * 60)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=2 * 60 * 60)
SESSION_MAX_AGE_BACK_OFFICE = env.int("SESSION_MAX_AGE_BACK_OFFICE", default=12 * 60 * 60)
SESSION_MAX_AGE = env.int("SESSION_MAX_AGE", default=14 * 24 * 60 * 60)
# The cookie never outlives the longest session; the middleware enforces the shorter limits.
SESSION_COOKIE_AGE = max(SESSION_MAX_AGE, SESSION_MAX_AGE_BACK_OFFICE)

# --- Forms ---------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content (calls, documents, schools, projects...) in both languages: `title` reads the active
# language's `title_fr` / `title_en`, English when the French is empty; a record created without
# languages (a service, an import, a factory) gets its text as the English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)
MODELTRANSLATION_AUTO_POPULATE = "default"
TIME_ZONE = "Europe/Paris"
# Dates read the same in the admin as on the pages and in emails ("1 November 2026, 23:59").
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

# --- Static files (WhiteNoise) and private uploads ---------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (documents, CVs, signed agreements, generated PDFs) are private: the default storage has
# no public URL and every file is served by a view that checks who is asking.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
# On more than one machine they go to a private S3-compatible bucket instead (core.storage.PrivateS3Storage),
# still served only through those views; unset, the local folder above. django-storages reads these names.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default="") or None  # unset: Amazon S3 itself
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="") or None
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default="") or None  # unset: boto3's own lookup (instance role)
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default="") or None
AWS_LOCATION = env("AWS_LOCATION", default="")  # a prefix, for several portals in one bucket
AWS_DEFAULT_ACL = env("AWS_DEFAULT_ACL", default="private")  # empty for buckets with ACLs disabled
AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", default="") or None  # "path" for most MinIO setups
STORAGES = {
    "default": {
        "BACKEND": "core.storage.PrivateS3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "core.storage.PrivateStorage",
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email -------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every email is a row of the outbox (django-post-office), written with the change that causes it;
# Celery delivers the outbox through the backend EMAIL_URL names (core/emails.py).
EMAIL_BACKEND = "core.emails.OutboxBackend"
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_CONFIG["EMAIL_BACKEND"]},
    "DEFAULT_PRIORITY": "medium",
    # In the order they were written: a person reads "on the waiting list" before "a seat is free".
    "SENDING_ORDER": ["-priority", "id"],
    # One SMTP connection per batch: 1,000 emails open at most 10 connections.
    "BATCH_SIZE": env.int("EMAIL_BATCH_SIZE", default=100),
    "THREADS_PER_PROCESS": 1,
    # A failed send is retried after 2, 4, 8… minutes (core.emails._back_off), then marked failed.
    "MAX_RETRIES": env.int("EMAIL_MAX_RETRIES", default=8),
    "RETRY_INTERVAL": timedelta(minutes=2),
    "LOG_LEVEL": 2,  # a log line per attempt, sent or failed: the per-person log in the admin
    "MESSAGE_ID_ENABLED": True,
}
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="UPCité IRO <mobilite.international.medecine@u-paris.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (production) --------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # a page in the portal's words (expired form), not Django's
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"  # Django's default, kept explicit
# Content-Security-Policy (django-csp 4): no inline script (scripts are static files; an inline
# one would need nonce="{{ request.csp_nonce }}"), no <style> element but ours, nothing from
# other origins. Style *attributes* stay allowed (style-src-attr): allauth's email page hides a
# form with style="display: none", django-import-export's admin pages use them,
# and our progress bars take their width from data; an attribute cannot run script and,
# with img-src and font-src limited to the site, cannot fetch anything elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# PLAIN_HTTP_TRIAL=1 is for trying the stack on http://localhost:8000 only: no HTTPS redirect, no
# secure cookies, no HSTS. `check --deploy` warns about each of them, so it cannot pass unnoticed.
PLAIN_HTTP_TRIAL = env.bool("PLAIN_HTTP_TRIAL", default=False)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True) and not PLAIN_HTTP_TRIAL
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SESSION_COOKIE_SECURE = not PLAIN_HTTP_TRIAL
    CSRF_COOKIE_SECURE = not PLAIN_HTTP_TRIAL
    SECURE_HSTS_SECONDS = (
        0 if PLAIN_HTTP_TRIAL else env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if PLAIN_HTTP_TRIAL:
        ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

# Personal data (privacy/conf.py has the defaults and what each period means): how long each
# category is kept; the privacy notice and the office's register are generated from it.
PRIVACY_RETENTION = {
    "closed_application_months": env.int("PRIVACY_CLOSED_APPLICATION_MONTHS", default=6),
    "completed_mobility_months": env.int("PRIVACY_COMPLETED_MOBILITY_MONTHS", default=12),
    "summer_school_cv_months": env.int("PRIVACY_SUMMER_SCHOOL_CV_MONTHS", default=6),
    "payment_years": env.int("PRIVACY_PAYMENT_YEARS", default=10),
    "inactive_account_years": env.int("PRIVACY_INACTIVE_ACCOUNT_YEARS", default=3),
    "inactive_account_warning_days": env.int("PRIVACY_INACTIVE_ACCOUNT_WARNING_DAYS", default=30),
    "email_months": env.int("PRIVACY_EMAIL_MONTHS", default=12),
    "file_access_months": env.int("PRIVACY_FILE_ACCESS_MONTHS", default=12),
    "data_copy_days": env.int("PRIVACY_DATA_COPY_DAYS", default=7),
}
# Who answers for the personal data, printed in the privacy notice (/privacy/);
# unset, privacy/register.py's defaults (Université Paris Cité, dpo@u-paris.fr, the CNIL).
PRIVACY_CONTROLLER = {
    key: value
    for key, value in {
        "controller": env("PRIVACY_CONTROLLER", default=""),
        "dpo_email": env("PRIVACY_DPO_EMAIL", default=""),
        "authority": env("PRIVACY_AUTHORITY", default=""),
    }.items()
    if value
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "pikepdf": {"level": "WARNING"},  # one INFO line per process otherwise (upload checks)
        # Every batch would log four lines; failures still show (and each attempt is in the admin).
        "post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}


# --- Invoices (summer schools, project activities) ----------------------------------------------
# The issuing public institution's legal mentions printed on every invoice and credit note.
INVOICE_ISSUER = {
    "name": env("INVOICE_ISSUER_NAME", default="Université Paris Cité — UPCité Medical School"),
    "address": env(
        "INVOICE_ISSUER_ADDRESS",
        default="International Relations Office, 15 rue de l'École de Médecine, 75006 Paris, France",
    ),
    "siret": env("INVOICE_ISSUER_SIRET", default=""),  # set in production: printed when given
    "vat_statement": env(
        "INVOICE_VAT_STATEMENT",
        default="VAT not applicable: training activity exempt under article 261-4-4° of the French tax code (CGI).",
    ),
}

# Bank statements (CSV exports): the column names of the bank's export. camt.053 XML needs none.
BANK_CSV_COLUMNS = {
    "date": env("BANK_CSV_DATE", default="Date"),
    "amount": env("BANK_CSV_AMOUNT", default="Amount"),
    "reference": env("BANK_CSV_REFERENCE", default="Reference"),
    "payer": env("BANK_CSV_PAYER", default="Payer"),
    "id": env("BANK_CSV_ID", default="Transaction ID"),
}
