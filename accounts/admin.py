from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import CoordinatorInvitationForm
from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_staff", "is_active", "last_login"]
    list_filter = ["role", "is_staff", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "language")}),
        (
            _("Role"),
            {"fields": ("role", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
        (_("Emails"), {"fields": ("email_log",)}),
    )
    readonly_fields = ["email_log"]
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)
    change_list_template = "admin/accounts/user/change_list.html"
    # What only a superuser may grant: the admin's access follows the role (accounts.services.set_role),
    # and a password is set by its owner (reset link, invitation), never by a colleague.
    SUPERUSER_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions", "password")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in self.SUPERUSER_FIELDS]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            # The address is the login and where password resets go: whoever could change another
            # account's address could reset its password into their own mailbox and log in as it.
            fields.append("email")
        return fields

    @admin.display(description=_("Emails sent to this person"))
    def email_log(self, obj):
        """What the portal sent this person, when, and whether it went out (from the outbox)."""
        from core.admin import emails_to

        if obj is None or not obj.email:
            return "—"
        emails = emails_to(obj.email)
        if not emails:
            return _("No email yet.")
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td></tr>',
            (
                (
                    date_format(localtime(e.created), "DATETIME_FORMAT"),
                    reverse("admin:post_office_email_change", args=[e.pk]),
                    e.subject,
                    e.get_status_display() if e.status is not None else _("queued"),
                )
                for e in emails
            ),
        )
        everything = f"{reverse('admin:post_office_email_changelist')}?{urlencode({'q': obj.email})}"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>"
            '<p><a href="{}">{}</a></p>',
            _("Queued at"),
            _("Subject"),
            _("Status"),
            rows,
            everything,
            _("Every email to this address"),
        )

    def has_change_permission(self, request, obj=None):
        # IRO staff manage people, not the superusers who manage them.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        """Setting someone else's password would let staff log in as them: superusers only."""
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "role" in form.changed_data:
            services.set_role(obj, obj.role)

    def get_urls(self):
        extra = [
            path(
                "invite-coordinator/",
                self.admin_site.admin_view(self.invite_coordinator_view),
                name="accounts_user_invite_coordinator",
            )
        ]
        return extra + super().get_urls()

    def invite_coordinator_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CoordinatorInvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            user = services.invite_coordinator(**form.cleaned_data, invited_by=request.user)
            self.message_user(
                request, _("Invitation sent to %(email)s.") % {"email": user.email}, messages.SUCCESS
            )
            return redirect(reverse("admin:accounts_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a partner coordinator"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/accounts/user/invite_coordinator.html", context)


class SuperuserOnlyChangesMixin:
    """Who may log in and with what rights is changed by superusers only; back-office roles go
    through the portal's services (invite a coordinator, set a role) and never see a superuser's
    records here."""

    superuser_lookup = "user"  # the account a row belongs to

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser or not self.superuser_lookup:
            return qs
        return qs.exclude(**{f"{self.superuser_lookup}__is_superuser": True})

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        return super().get_actions(request) if request.user.is_superuser else {}


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(SuperuserOnlyChangesMixin, AllauthEmailAddressAdmin):
    """allauth's addresses: where password resets go. IRO staff used to be able to change them and
    took over a superuser by giving it their own address (issue 12): now they only read them."""


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(SuperuserOnlyChangesMixin, AllauthAuthenticatorAdmin):
    """Second factors: a superuser removes a lost one so that its owner enrols again."""


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SuperuserOnlyChangesMixin, DjangoGroupAdmin):
    """The back-office groups' permissions come from accounts.roles; only superusers edit groups."""

    superuser_lookup = None
