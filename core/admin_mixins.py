"""Admin pages that save through a service show the service's refusal as a form error.

API: put `ServiceErrorAdminMixin` first in the bases of a ModelAdmin whose `save_model` (or
`save_related`, `save_formset`) calls a service. When the service raises a
`core.errors.ServiceError` (say, a payment for a registration that cannot be paid), everything the
request wrote is rolled back and the form is shown again with what was typed and the refusal at
the top, instead of the 500 a `ValidationError` raised after validation gives. The rule stays in
the service: the form holds no copy of it.

`ReadOnlyAdminMixin` (first in the bases too) is for audit trails and registers shown in the
admin and never edited there: it answers no to add, change and delete, and lets see the model
whoever `may_view(request)` accepts. `RecordInline` shows, on a change page, facts recorded by
services (payments, status moves, opinions): all its fields read-only, no row added or deleted.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from core.templatetags.paris_time import paris


class ServiceErrorAdminMixin:
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # Django's view runs in a transaction: the exception rolls back what the service wrote.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as refusal:
            if request.method != "POST" or getattr(request, "_service_refusal", None) is not None:
                raise
            # Once more with the same data: the form now fails validation with the refusal.
            request._service_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                super().clean()
                raise ValidationError(str(refusal))

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm


class ReadOnlyAdminMixin:
    def may_view(self, request):
        raise NotImplementedError("say who may see this admin")

    def has_module_permission(self, request):
        return self.may_view(request)

    def has_view_permission(self, request, obj=None):
        return self.may_view(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class HistoryInline(RecordInline):
    """A record's moves (core.workflow transitions), read only, in the reader's language and with the
    admin's one date format: the same list for applications, nominations and registrations."""

    fields = ["when", "from_label", "to_label", "actor", "comment_text"]
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("when"))
    def when(self, obj):
        return paris(obj.at)

    @admin.display(description=_("from"))
    def from_label(self, obj):
        return obj.from_label or "—"

    @admin.display(description=_("to"))
    def to_label(self, obj):
        return obj.to_label
