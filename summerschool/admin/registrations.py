"""Registrations: review, bulk attendance and completion, payment dates, their payments and history."""

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import HistoryInline, RecordInline
from core.errors import ServiceError
from core.rules import ObjectRulesAdminMixin

from .. import rules as access
from .. import services
from ..models import (
    Payment,
    Registration,
    RegistrationTransition,
)
from .certificates import redirect_to_runs
from .filters import offering_filter


class PaymentInline(RecordInline):
    model = Payment
    fields = ["paid_on", "amount", "bank_reference", "recorded_by", "recorded_at"]


class TransitionInline(HistoryInline):
    model = RegistrationTransition


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
        done = 0
        for registration in queryset:
            try:
                services.extend_payment_due(registration, by=request.user)
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
