from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from core import views as core_views

admin.site.site_header = "IRO Portal — UPCité Medical School"
admin.site.site_title = _("IRO Portal admin")
admin.site.index_title = _("International Relations Office")
admin.autodiscover()
# The admin login goes through allauth: rate limits and two-factor authentication apply.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz/", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("favicon.ico", RedirectView.as_view(url="/static/img/favicon.svg", permanent=True)),
    # Each app names its own public paths (/partners/, /applications/, /summer-schools/, ...).
    path("", include("partners.urls")),
    path("", include("mobility.urls")),
    path("", include("summerschool.urls")),
    path("", include("projects.urls")),
    path("", include("privacy.urls")),
    path("", include("learning.urls")),
    path("", include("core.urls")),
]
