"""Money: payments recorded by hand, bank statements imported and their lines assigned, invoices."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ServiceErrorAdminMixin
from core.rules import ObjectRulesAdminMixin

from .. import rules as access
from .. import services
from ..models import (
    BankLine,
    Invoice,
    Payment,
)
from ..statements import StatementError
from .filters import offering_filter


class PaymentForm(forms.ModelForm):
    """Whether a registration can be paid is the service's rule (record_payment): no copy here."""

    class Meta:
        model = Payment
        fields = ["registration", "amount", "paid_on", "bank_reference"]


@admin.register(Payment)
class PaymentAdmin(ServiceErrorAdminMixin, ObjectRulesAdminMixin, admin.ModelAdmin):
    form = PaymentForm
    list_display = ["registration", "amount", "paid_on", "bank_reference", "recorded_by", "due"]
    list_filter = ["paid_on", offering_filter("registration__offering")]
    search_fields = [
        "bank_reference",
        "registration__offering__title",
        "registration__participant__email",
        "registration__participant__last_name",
    ]
    list_select_related = ["registration__participant", "registration__offering", "recorded_by"]
    raw_id_fields = ["registration"]
    date_hierarchy = "paid_on"

    def get_queryset(self, request):
        return access.of_visible_registrations(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        # A recorded payment is a fact from the bank statement: corrections go through a new entry.
        return ["registration", "amount", "paid_on", "bank_reference", "recorded_by"] if obj else []

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("paid_on", timezone.localdate())
        return initial

    @admin.display(description=_("payment due"), ordering="registration__payment_due")
    def due(self, obj):
        return obj.registration.payment_due

    def save_model(self, request, obj, form, change):
        if change:
            return
        payment = services.record_payment(
            form.cleaned_data["registration"],
            amount=form.cleaned_data["amount"],
            paid_on=form.cleaned_data["paid_on"],
            bank_reference=form.cleaned_data["bank_reference"],
            by=request.user,
        )
        obj.pk = payment.pk
        obj.registration = payment.registration

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class StatementUploadForm(forms.Form):
    statement = forms.FileField(label=_("Bank statement"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The columns the bank's CSV export must have, as settings.BANK_CSV_COLUMNS names them.
        columns = settings.BANK_CSV_COLUMNS
        required = ", ".join(f"“{columns[k]}”" for k in ("date", "amount", "reference"))
        optional = ", ".join(f"“{columns[k]}”" for k in ("payer", "id") if columns.get(k))
        self.fields["statement"].help_text = (
            _(
                "The bank's ISO 20022 camt.053 XML file, or a CSV export with the columns %(required)s "
                "(and %(optional)s if it has them); 5 MB at most."
            )
            if optional
            else _(
                "The bank's ISO 20022 camt.053 XML file, or a CSV export with the columns %(required)s; 5 MB at most."
            )
        ) % {"required": required, "optional": optional}


class BankLineForm(forms.ModelForm):
    class Meta:
        model = BankLine
        fields = ["registration"]
        help_texts = {
            "registration": _(
                "The registration this transfer pays (the magnifier finds it by the participant's name). "
                "Saving records the payment and, once the fee is covered, confirms the registration."
            )
        }


@admin.register(BankLine)
class BankLineAdmin(ServiceErrorAdminMixin, ObjectRulesAdminMixin, admin.ModelAdmin):
    """Imported statement lines; those not matched wait here for staff to assign them."""

    form = BankLineForm
    list_display = ["booked_on", "amount", "reference", "payer", "status", "registration", "statement"]
    list_filter = ["status", "statement", "booked_on"]
    search_fields = ["reference", "payer", "key"]
    list_select_related = ["registration__participant", "registration__offering"]
    raw_id_fields = ["registration"]
    date_hierarchy = "booked_on"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not access.is_iro_staff(request.user):
            return qs.none()
        return qs

    def has_add_permission(self, request):
        return False  # lines come from an imported statement

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = [
            "key",
            "statement",
            "booked_on",
            "amount",
            "reference",
            "payer",
            "status",
            "payment",
            "imported_by",
        ]
        if obj is None or not obj.needs_assignment:
            fields.append("registration")
        return fields

    def get_fields(self, request, obj=None):
        return ["booked_on", "amount", "reference", "payer", "status", "registration", "payment", "statement", "key",
                "imported_by"]  # fmt: skip

    def save_model(self, request, obj, form, change):
        if change and "registration" in form.changed_data and obj.registration_id:
            services.assign_bank_line(obj, obj.registration, by=request.user)

    def get_urls(self):
        return [
            path(
                "upload/", self.admin_site.admin_view(self.upload_view), name="summerschool_bankline_upload"
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "upload_url": reverse("admin:summerschool_bankline_upload")}
        return super().changelist_view(request, extra_context=extra_context)

    def upload_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = StatementUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["statement"]
            if upload.size > 5 * 1024 * 1024:
                form.add_error("statement", _("The file is larger than 5 MB."))
            else:
                try:
                    counts = services.import_statement(name=upload.name, data=upload.read(), by=request.user)
                except StatementError as exc:
                    form.add_error("statement", str(exc))
                else:
                    messages.success(
                        request,
                        _(
                            "%(matched)d paid, %(partial)d paid with a different amount, %(unmatched)d to assign "
                            "by hand, %(already)d already imported (nothing recorded twice)."
                        )
                        % counts,
                    )
                    return redirect(
                        reverse("admin:summerschool_bankline_changelist") + "?status__exact=unmatched"
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a bank statement"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "summerschool/admin/statement_upload.html", context)


@admin.register(Invoice)
class InvoiceAdmin(ObjectRulesAdminMixin, admin.ModelAdmin):
    """Invoices and credit notes are issued by the services (a seat with a fee, a cancellation):
    read-only here, with their PDF."""

    list_display = [
        "number_display",
        "kind",
        "issued_on",
        "amount",
        "billing_name",
        "payment_reference",
        "pdf_link",
    ]
    list_filter = ["kind", "year", "registration__offering"]
    search_fields = ["billing_name", "payment_reference", "registration__participant__email"]
    list_select_related = ["registration"]
    date_hierarchy = "issued_on"
    readonly_fields = [
        "registration",
        "kind",
        "year",
        "sequence",
        "issued_on",
        "due_on",
        "amount",
        "billing_name",
        "billing_address",
        "billing_institution",
        "description",
        "payment_reference",
        "cancels",
    ]

    def get_queryset(self, request):
        return access.of_visible_registrations(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("number"), ordering="sequence")
    def number_display(self, obj):
        return obj.number

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        url = reverse("summerschool:invoice", args=[obj.registration_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.number)
