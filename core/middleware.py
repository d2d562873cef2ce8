import re

from django.core.exceptions import BadRequest
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .views import healthz


class HealthCheckMiddleware:
    """Answer /healthz/ before host validation and the HTTPS redirect.

    Container healthchecks and load balancers call it by IP or service name, which are not (and
    should not be) in ALLOWED_HOSTS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz/":
            return healthz(request)
        return self.get_response(request)


# C0 control characters and DEL. Tab, line feed and carriage return are ordinary text in a form
# field (a textarea sends CR LF), never in a URL.
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FIELD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectControlCharactersMiddleware:
    """Answer 400 to a URL or form field carrying NUL or another control character.

    Nobody types them: they come from probes. Left through, PostgreSQL refuses a NUL in a query
    (a 500 on /certificates/verify/%00/) and XLSX exports cannot hold control characters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._bad(request):
            raise BadRequest(_("The address or the form contains characters that are not allowed."))
        return self.get_response(request)

    def _bad(self, request):
        if _URL_CONTROL.search(request.path):
            return True
        for key, values in request.GET.lists():
            if _URL_CONTROL.search(key) or any(_URL_CONTROL.search(v) for v in values):
                return True
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            for key, values in request.POST.lists():
                if _FIELD_CONTROL.search(key) or any(_FIELD_CONTROL.search(v) for v in values):
                    return True
        return False


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer to a signed-in person and on the back office.

    Their pages carry personal data (applications, passports, decisions) that must not stay in
    a shared computer's browser cache or a proxy. Public pages seen anonymously keep their caching;
    static files never get here (WhiteNoise answers them first). Private files set their own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or request.path.startswith("/admin/")
        if personal and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)  # drops any "public"
        return response
