from django.contrib.auth import get_user_model
from django.utils import translation


class UserLanguageMiddleware:
    """Remember the language a logged-in person reads the site in, so emails reach them in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            lang = translation.get_language()
            if lang and lang[:2] in ("en", "fr") and user.language != lang[:2]:
                get_user_model().objects.filter(pk=user.pk).update(language=lang[:2])
                user.language = lang[:2]
        return response
