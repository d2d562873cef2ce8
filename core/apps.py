from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

# The module, not its class: an AppConfig imported here by name would make Django's choice of this
# module's default config (CoreConfig) ambiguous.
from post_office import apps as post_office_apps


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from . import content, tasks  # noqa: F401  (emails dispatch the delivery task by name: it must be registered)

        content.connect()


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site (core/admin_site.py); listed in INSTALLED_APPS
    by its path, so it is not this module's default."""

    default = False
    default_site = "core.admin_site.PortalAdminSite"


class OutboxConfig(post_office_apps.PostOfficeConfig):
    """django-post-office (the outbox) under a name staff read in their language: the library names
    its admin section "Post Office" and has no French catalogue."""

    default = False
    verbose_name = _("Outgoing emails")
