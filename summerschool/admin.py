"""Back office: summer schools, registrations (bulk attendance and completion), payments, certificates.

Every action calls a service; the admin only collects who, what and which rows.
"""

import csv
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin_mixins import RecordInline, ServiceErrorAdminMixin
from core.errors import ServiceError
from core.exports import neutralise
from core.rules import ObjectRulesAdminMixin
from core.templatetags.lang import money
from partners.models import Network
from reminders.admin import OfferingOverrideInline

from . import rules as access
from . import services
from .models import (
    BankLine,
    Certificate,
    CertificateRun,
    Invoice,
    Offering,
    Payment,
    Registration,
    RegistrationTransition,
    SummerSchool,
    WaiverCode,
)
from .statements import StatementError

RECENT_OFFERINGS_LISTED = 30


def offering_filter(field_path):
    """A list filter by offering that lists the 30 latest offerings (and the one chosen), not every
    offering ever held: at 100,000 offerings the related-field filter made a 9 MB page (issue 19).
    Older offerings are found with the search box (the offering's title)."""

    class OfferingFilter(admin.SimpleListFilter):
        title = _("offering")
        parameter_name = f"{field_path}__id__exact"

        def lookups(self, request, model_admin):
            recent = list(
                Offering.objects.order_by("-starts_on", "-pk").only("pk", "title")[:RECENT_OFFERINGS_LISTED]
            )
            chosen = self.value()
            if chosen and chosen.isdigit() and all(str(o.pk) != chosen for o in recent):
                recent += list(Offering.objects.filter(pk=chosen).only("pk", "title"))
            return [(str(o.pk), o.title) for o in recent]

        def queryset(self, request, queryset):
            if self.value() and self.value().isdigit():
                return queryset.filter(**{f"{field_path}_id": self.value()})
            return queryset

    return OfferingFilter


class OfferingAdminBase(ServiceErrorAdminMixin, TranslationAdmin):
    """Shared by every kind of offering (a projects app registers its own proxy with this base)."""

    list_display = [
        "title",
        "starts_on",
        "ends_on",
        "capacity",
        "seats_taken",
        "waitlist",
        "fee_display",
        "is_published",
    ]
    list_filter = ["is_published", "starts_on"]
    search_fields = ["title", "theme", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["waiver_networks"]
    date_hierarchy = "starts_on"
    actions = ["issue_certificates"]
    fieldsets = [
        (
            None,
            {"fields": [("title",), "slug", ("theme",), ("description",), ("audience",), "is_published"]},
        ),
        (
            _("When and where"),
            {"fields": [("starts_on", "ends_on"), ("locations",), ("language",), "hours"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    ("registration_opens", "registration_closes"),
                    "capacity",
                    ("fee", "payment_days", "payment_grace_days"),
                    "waiver_networks",
                    "offer_days",
                    "contact_email",
                ]
            },
        ),
        (
            _("Certificate"),
            {"fields": ["ects", ("extra_certification",), ("signatory_name", "signatory_title")]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seats()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            offered = services.offer_free_seats(obj)
            if offered:
                messages.info(
                    request,
                    _("%(n)d seats offered to the first people on the waiting list.") % {"n": len(offered)},
                )

    @admin.display(description=_("seats taken"), ordering="seats_taken")
    def seats_taken(self, obj):
        return obj.seats_taken

    @admin.display(description=_("waiting list"), ordering="waitlist_length")
    def waitlist(self, obj):
        return obj.waitlist_length

    @admin.display(description=_("fee"), ordering="fee")
    def fee_display(self, obj):
        return money(obj.fee) if obj.fee else _("free")

    @admin.action(description=_("Issue the certificates of everybody who completed (existing ones are kept)"))
    def issue_certificates(self, request, queryset):
        runs = [services.start_certificate_run(offering, by=request.user) for offering in queryset]
        return redirect_to_runs(request, runs)


def redirect_to_runs(request, runs):
    runs = [r for r in runs if r is not None]
    if not runs:
        messages.info(request, _("Nothing to do."))
        return None
    if len(runs) == 1:
        return redirect("admin:summerschool_certificaterun_progress", runs[0].pk)
    messages.success(request, _("%(n)d certificate runs started.") % {"n": len(runs)})
    return redirect("admin:summerschool_certificaterun_changelist")


@admin.register(SummerSchool)
class SummerSchoolAdmin(OfferingAdminBase):
    inlines = [OfferingOverrideInline]


class PaymentInline(RecordInline):
    model = Payment
    fields = ["paid_on", "amount", "bank_reference", "recorded_by", "recorded_at"]


class TransitionInline(RecordInline):
    model = RegistrationTransition
    fields = ["at", "from_label", "to_label", "actor", "comment"]
    verbose_name_plural = _("history")

    @admin.display(description=_("from"))
    def from_label(self, obj):
        return obj.from_label or "—"

    @admin.display(description=_("to"))
    def to_label(self, obj):
        return obj.to_label


EXTRA_PAYMENT_DAYS = timedelta(days=7)


class PaymentDueFilter(admin.SimpleListFilter):
    title = _("payment due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("week", _("Due within 7 days")),
            ("later", _("Due later")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        awaiting = queryset.awaiting_payment()
        if self.value() == "overdue":
            return awaiting.filter(payment_due__lt=today)
        if self.value() == "week":
            return awaiting.filter(payment_due__gte=today, payment_due__lte=today + timedelta(days=7))
        if self.value() == "later":
            return awaiting.filter(payment_due__gt=today + timedelta(days=7))
        return queryset


@admin.register(Registration)
class RegistrationAdmin(ObjectRulesAdminMixin, admin.ModelAdmin):
    list_display = ["participant_name", "school", "state", "paid", "payment_due", "attended"]
    # "Registered" as a date filter, not a date hierarchy: its years were a DISTINCT over every row.
    list_filter = ["state", offering_filter("offering"), PaymentDueFilter, "attended", "queued_at"]
    search_fields = [
        "participant__email",
        "participant__first_name",
        "participant__last_name",
        "institution_name",
        "offering__title",
    ]
    list_select_related = ["participant", "offering"]
    inlines = [PaymentInline, TransitionInline]
    readonly_fields = [
        "offering",
        "participant",
        "state",
        "institution",
        "institution_name",
        "field_of_study",
        "level_of_study",
        "motivation",
        "address",
        "cv",
        "fee",
        "fee_waived_by",
        "waiver_pending_for",
        "waiver_proof",
        "waiver_code",
        "queued_at",
        "offer_expires_at",
        "payment_due",
        "attended",
        "record_payment_link",
    ]
    fields = readonly_fields
    actions = [
        "mark_attended",
        "mark_absent",
        "mark_completed",
        "mark_not_completed",
        "reject",
        "cancel",
        "extend_payment_due",
        "grant_waiver",
    ]

    def get_queryset(self, request):
        # Per row of the page (a subquery), not a GROUP BY over every registration before paging.
        paid = (
            Payment.objects.filter(registration=OuterRef("pk"))
            .order_by()
            .values("registration")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        qs = (
            super()
            .get_queryset(request)
            .annotate(
                paid_total=Coalesce(
                    Subquery(paid), 0, output_field=DecimalField(max_digits=10, decimal_places=2)
                )
            )
        )
        return access.registrations_visible_to(request.user, qs)

    def has_add_permission(self, request):
        return False  # participants register through the portal

    @admin.display(description=_("participant"), ordering="participant__last_name")
    def participant_name(self, obj):
        return obj.participant.display_name

    @admin.display(description=_("offering"), ordering="offering__starts_on")
    def school(self, obj):
        title = obj.offering.title
        return f"{title[:38]}…" if len(title) > 40 else title

    @admin.display(description=_("paid / fee (€)"), ordering="paid_total")
    def paid(self, obj):
        return f"{obj.paid_total or 0:,.0f} / {obj.fee:,.0f}"

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("payments"))
    def record_payment_link(self, obj):
        if not obj.is_payable:
            return "—"
        url = reverse("admin:summerschool_payment_add") + f"?registration={obj.pk}&amount={obj.balance}"
        return format_html('<a class="button" href="{}">{}</a>', url, _("Record a payment"))

    @admin.action(description=_("Mark as attended"))
    def mark_attended(self, request, queryset):
        n = services.mark_attendance(queryset, attended=True, by=request.user)
        messages.success(request, _("%(n)d participants marked as attended.") % {"n": n})

    @admin.action(description=_("Mark as absent"))
    def mark_absent(self, request, queryset):
        n = services.mark_attendance(queryset, attended=False, by=request.user)
        messages.success(request, _("%(n)d participants marked as absent.") % {"n": n})

    @admin.action(description=_("Mark completed and issue certificates"))
    def mark_completed(self, request, queryset):
        eligible = queryset.completable()
        skipped = queryset.count() - eligible.count()
        if skipped:
            messages.warning(
                request,
                _("%(n)d registrations skipped: only confirmed participants can complete.") % {"n": skipped},
            )
        try:
            runs = services.mark_completed(list(eligible), by=request.user)
        except ServiceError as exc:
            messages.error(request, str(exc))
            return None
        return redirect_to_runs(request, runs)

    @admin.action(description=_("Mark not completed"))
    def mark_not_completed(self, request, queryset):
        n = services.mark_not_completed(list(queryset), by=request.user)
        messages.success(request, _("%(n)d registrations marked not completed.") % {"n": n})

    def _leave(self, request, queryset, service, label):
        done = 0
        for registration in queryset:
            try:
                service(registration, by=request.user)
                done += 1
            except ServiceError as exc:
                messages.error(request, f"{registration}: {exc}")
        messages.success(request, label % {"n": done})

    @admin.action(description=_("Reject (the seat goes to the waiting list)"))
    def reject(self, request, queryset):
        self._leave(request, queryset, services.reject, _("%(n)d registrations rejected."))

    @admin.action(description=_("Cancel (the seat goes to the waiting list)"))
    def cancel(self, request, queryset):
        self._leave(request, queryset, services.cancel, _("%(n)d registrations cancelled."))

    @admin.action(description=_("Give 7 more days to pay"))
    def extend_payment_due(self, request, queryset):
        """Seven days from the later of today and the current payment date (kept in the history)."""
        today = timezone.localdate()
        done = 0
        for registration in queryset:
            start = max(registration.payment_due or today, today)
            try:
                services.extend_payment_due(registration, until=start + EXTRA_PAYMENT_DAYS, by=request.user)
                done += 1
            except ServiceError as exc:
                messages.error(request, f"{registration}: {exc}")
        messages.success(request, _("%(n)d payment dates extended.") % {"n": done})

    @admin.action(description=_("Waive the fee (staff decision on the network membership)"))
    def grant_waiver(self, request, queryset):
        done = 0
        for registration in queryset:
            try:
                services.prove_waiver(registration, by=request.user, staff_decision=True)
                done += 1
            except ServiceError as exc:
                messages.error(request, f"{registration}: {exc}")
        if done:
            messages.success(request, _("%(n)d fees waived.") % {"n": done})


class WaiverCodeGenerateForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.order_by("name"))
    offering = forms.ModelChoiceField(
        label=_("Only for"),
        queryset=Offering.objects.filter(fee__gt=0).order_by("-starts_on"),
        required=False,
        empty_label=_("— any programme free for the network —"),
    )
    issued_to = forms.CharField(label=_("Issued to"), max_length=200)
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=500, initial=10)
    max_uses = forms.IntegerField(
        label=_("Uses per code"), min_value=1, initial=1, help_text=_("1 for single-use codes.")
    )
    expires_on = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Paris time.")
    )


@admin.register(WaiverCode)
class WaiverCodeAdmin(ServiceErrorAdminMixin, admin.ModelAdmin):
    list_display = ["code", "network", "offering", "issued_to", "uses_display", "expires_on", "created"]
    list_filter = ["network", "offering", "issued_to", "expires_on"]
    search_fields = ["code", "issued_to"]
    list_select_related = ["network", "offering"]
    readonly_fields = ["code", "network", "offering", "max_uses", "created_by", "created"]
    fields = ["code", "network", "offering", "issued_to", "max_uses", "expires_on", "created_by", "created"]
    actions = ["export_csv"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_uses()

    def has_add_permission(self, request):
        return False  # generated in batches (the "Generate codes" button)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or not obj.registrations.exists())

    @admin.display(description=_("uses"), ordering="used")
    def uses_display(self, obj):
        return f"{obj.used} / {obj.max_uses}"

    def get_urls(self):
        return [
            path(
                "generate/",
                self.admin_site.admin_view(self.generate_view),
                name="summerschool_waivercode_generate",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "generate_url": reverse("admin:summerschool_waivercode_generate"),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def generate_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = WaiverCodeGenerateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                codes = services.generate_waiver_codes(**form.cleaned_data, by=request.user)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(n)d codes generated for %(who)s: select them and export them as CSV to send.")
                    % {"n": len(codes), "who": form.cleaned_data["issued_to"]},
                )
                url = reverse("admin:summerschool_waivercode_changelist")
                return redirect(f"{url}?{urlencode({'issued_to': form.cleaned_data['issued_to']})}")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Generate waiver codes"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "summerschool/admin/waiver_generate.html", context)

    @admin.action(description=_("Export the selected codes (CSV)"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="waiver-codes.csv"'
        writer = csv.writer(response)
        writer.writerow(["code", "network", "programme", "issued_to", "uses_allowed", "uses", "valid_until"])
        for code in queryset.select_related("network", "offering").order_by("code"):
            writer.writerow(
                [
                    code.code,
                    neutralise(code.network.name),
                    neutralise(code.offering.title if code.offering_id else ""),
                    neutralise(code.issued_to),
                    code.max_uses,
                    code.used,
                    code.expires_on.isoformat(),
                ]
            )
        return response


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
    statement = forms.FileField(
        label=_("Bank statement"),
        help_text=_("CSV export (columns set in BANK_CSV_COLUMNS) or ISO 20022 camt.053 XML, 5 MB at most."),
    )


class BankLineForm(forms.ModelForm):
    class Meta:
        model = BankLine
        fields = ["registration"]


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


@admin.register(Certificate)
class CertificateAdmin(ObjectRulesAdminMixin, admin.ModelAdmin):
    list_display = ["registration", "code", "issued_at", "emailed_at"]
    search_fields = [
        "code",
        "registration__participant__email",
        "registration__participant__last_name",
        "registration__offering__title",
    ]
    list_filter = [offering_filter("registration__offering")]
    list_select_related = ["registration__participant", "registration__offering"]
    readonly_fields = ["registration", "code", "issued_at", "pdf", "emailed_at", "verify_link"]

    def get_queryset(self, request):
        return access.of_visible_registrations(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("public verification page"))
    def verify_link(self, obj):
        return format_html('<a href="{}" target="_blank">{}</a>', obj.verify_path, obj.verify_url)


@admin.register(CertificateRun)
class CertificateRunAdmin(admin.ModelAdmin):
    list_display = [
        "offering",
        "started_by",
        "started_at",
        "total",
        "done",
        "failed",
        "finished_at",
        "progress_link",
    ]
    list_filter = [offering_filter("offering")]
    search_fields = ["offering__title"]
    list_select_related = ["offering", "started_by"]
    readonly_fields = ["offering", "started_by", "started_at", "total", "done", "failed", "finished_at"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="summerschool_certificaterun_progress",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("progress"))
    def progress_link(self, obj):
        url = reverse("admin:summerschool_certificaterun_progress", args=[obj.pk])
        return format_html('<a href="{}">{}%</a>', url, obj.percent)

    def progress_view(self, request, pk):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        run = get_object_or_404(CertificateRun.objects.select_related("offering", "started_by"), pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Certificates: %(school)s") % {"school": run.offering},
            "run": run,
            "opts": self.model._meta,
            "status_url": reverse("summerschool:certificate_run_status", args=[run.pk]),
            "registrations_url": reverse("admin:summerschool_registration_changelist")
            + f"?offering__id__exact={run.offering_id}&state__exact=completed",
        }
        return TemplateResponse(request, "summerschool/admin/run_progress.html", context)
