from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = pgettext_lazy("admin section", "Erasmus+ projects")

    def ready(self):
        # A training session's registrations link to their session on the project page.
        from summerschool.models import DETAIL_URL_NAMES, OfferingKind

        DETAIL_URL_NAMES[OfferingKind.PROJECT_ACTIVITY] = "projects:activity"

        from .deadlines import register_all

        register_all()  # reports to the national agency and deliverables (reminders app)
