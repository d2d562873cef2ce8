"""Staff switch rules off and change offsets (for every call or school on the rule, for one on the
rule's page or the call's / school's page), see what the next 14 days will send (the sweep's own
selection run forward) and read the ledger of what was sent, with each email of the outbox."""

import datetime

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Override, Rule, Sent
from .registry import registered
from .selectors import forecast

FORECAST_DAYS = 14


def call_of(obj):
    """The mobility call a reminder's object belongs to (the call itself, or its `call`), if any."""
    if obj._meta.label == "mobility.Call":
        return obj.pk
    return getattr(obj, "call_id", None)


def _calls():
    Call = apps.get_model("mobility", "Call")
    return Call.objects.order_by("-academic_year", "title")


class CallFilter(admin.SimpleListFilter):
    """The ledger rows of one call: the call itself or any object with a `call` (applications…)."""

    title = _("call")
    parameter_name = "call"

    def lookups(self, request, model_admin):
        return [(call.pk, str(call)) for call in _calls()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        call_id = int(self.value())
        condition = Q(pk__in=[])
        types = ContentType.objects.filter(pk__in=queryset.values("content_type").distinct())
        for content_type in types:
            model = content_type.model_class()
            if model is None:
                continue
            if model._meta.label == "mobility.Call":
                condition |= Q(content_type=content_type, object_id=call_id)
            elif any(f.name == "call" for f in model._meta.get_fields()):
                ids = model._default_manager.filter(call_id=call_id).values("pk")
                condition |= Q(content_type=content_type, object_id__in=ids)
        return queryset.filter(condition)


def _scope(rule):
    reminder = registered().get(rule.code) if rule else None
    return reminder.scope if reminder else None


class OverrideInline(admin.TabularInline):
    """A rule's timing for single calls or summer schools, on the rule's page."""

    model = Override
    extra = 0
    verbose_name_plural = _("Timing for single calls or summer schools (elsewhere: the rule's)")

    def get_fields(self, request, obj=None):
        return [_scope(obj) or "call", "enabled", "offset"]

    def has_add_permission(self, request, obj=None):
        return bool(_scope(obj)) and super().has_add_permission(request, obj)


class ScopedOverrideInline(admin.TabularInline):
    """The reminders' timing for this call (or school), on the call's (school's) page."""

    model = Override
    extra = 0
    fields = ["rule", "enabled", "offset"]
    scope = ""
    verbose_name = _("reminder with its own timing here")
    verbose_name_plural = _("Reminders with their own timing here (the others: as in Reminders › rules)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rule":
            codes = [code for code, r in registered().items() if r.scope == self.scope]
            kwargs["queryset"] = Rule.objects.filter(code__in=codes).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CallOverrideInline(ScopedOverrideInline):
    fk_name = "call"
    scope = "call"


class OfferingOverrideInline(ScopedOverrideInline):
    fk_name = "offering"
    scope = "offering"


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "enabled", "offset", "repeat", "own_timings"]
    list_editable = ["enabled", "offset", "repeat"]
    list_filter = ["enabled"]
    readonly_fields = ["code", "name"]
    fields = ["code", "name", "enabled", "offset", "repeat"]
    inlines = [OverrideInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(own_timings=Count("overrides"))

    @admin.display(description=_("calls or schools with their own timing"), ordering="own_timings")
    def own_timings(self, obj):
        return obj.own_timings

    def has_add_permission(self, request):  # rules come from the code (reminders.registry)
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.upcoming_view)
        return [path("upcoming/", view, name="reminders_rule_upcoming"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "upcoming_url": reverse("admin:reminders_rule_upcoming")}
        return super().changelist_view(request, extra_context)

    def upcoming_view(self, request):
        """What the sweeps of the next 14 days will send: rule, person, object, when."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        now = timezone.now()
        rules = list(Rule.objects.order_by("name"))
        codes = [request.GET["rule"]] if request.GET.get("rule") else None
        call = request.GET.get("call") or ""
        items = forecast(now, now + datetime.timedelta(days=FORECAST_DAYS), codes)
        if call.isdigit():
            items = [item for item in items if call_of(item.obj) == int(call)]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Reminders of the next %(days)s days") % {"days": FORECAST_DAYS},
            "items": items[:1000],
            "more": max(len(items) - 1000, 0),
            "rules": rules,
            "calls": _calls(),
            "selected_rule": request.GET.get("rule", ""),
            "selected_call": call,
            "sent_url": reverse("admin:reminders_sent_changelist"),
        }
        return TemplateResponse(request, "admin/reminders/upcoming.html", context)


@admin.register(Sent)
class SentAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "rule", "recipient", "content_type", "object_id", "deadline", "email_link"]
    list_filter = ["rule", CallFilter, "content_type"]
    list_select_related = ["rule", "recipient", "content_type", "email"]
    date_hierarchy = "sent_at"
    search_fields = ["recipient__email", "recipient__last_name"]

    @admin.display(description=_("email"))
    def email_link(self, obj):
        if not obj.email_id:
            return "—"
        url = reverse("admin:post_office_email_change", args=[obj.email_id])
        return format_html('<a href="{}">{}</a>', url, obj.email.subject)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
