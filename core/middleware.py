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
