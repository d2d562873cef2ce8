"""The back office's site: one section per subject in the sidebar and on the index, whatever app a
model comes from (allauth's email addresses, two-factor keys and Django's groups sit under our
"Accounts", which they complete, instead of a second "Accounts" and two more sections)."""

from django.contrib import admin

# app label -> the app label of the section its models are listed in
SECTIONS = {"account": "accounts", "mfa": "accounts", "auth": "accounts"}


class PortalAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        by_label = {app["app_label"]: app for app in apps}
        merged = []
        for app in apps:
            home = by_label.get(SECTIONS.get(app["app_label"], app["app_label"]))
            if home is None or home is app:
                merged.append(app)
            else:
                home["models"] = sorted([*home["models"], *app["models"]], key=lambda m: str(m["name"]))
        return merged
