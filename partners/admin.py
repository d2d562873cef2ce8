"""Back office of the partner map: institutions with their agreements, networks, CSV/XLSX import.

Imports are all or nothing: every row is validated (country, Erasmus code format and uniqueness,
years in order…) and a file with one bad row imports nothing; the page lists each bad row with
its reason (django-import-export's dry run inside a transaction).
"""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core import academic
from core.exports import SAFE_EXPORT_FORMATS
from core.files import validate_upload

from . import seats, services
from .importing import AgreementResource, InstitutionResource
from .models import Agreement, AgreementKind, AgreementStatus, Institution, Network

# --- Import / export -------------------------------------------------------------------------


class ImportThroughServiceMixin:
    """The confirmed import is services.import_rows (the preview stays import-export's dry run)."""

    def process_dataset(self, dataset, form, request, **kwargs):
        file_name = kwargs.pop("file_name", None) or form.cleaned_data.get("original_file_name")
        resource = self.choose_import_resource_class(form, request)(
            **self.get_import_resource_kwargs(request, form=form, **kwargs)
        )
        options = self.get_import_data_kwargs(request=request, form=form, **kwargs)
        return services.import_rows(resource, dataset, by=request.user, file_name=file_name, **options)


# --- Filters -----------------------------------------------------------------------------------


class AgreementStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return AgreementStatus.choices

    def queryset(self, request, queryset):
        if self.value() in AgreementStatus.values:
            return queryset.with_status(self.value())
        return queryset


class InstitutionAgreementStatusFilter(AgreementStatusFilter):
    title = _("has an agreement that is")

    def queryset(self, request, queryset):
        if self.value() in AgreementStatus.values:
            return queryset.filter(pk__in=Agreement.objects.with_status(self.value()).values("institution"))
        return queryset


class InstitutionKindFilter(admin.SimpleListFilter):
    title = _("kind of agreement")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return AgreementKind.choices

    def queryset(self, request, queryset):
        if self.value() in AgreementKind.values:
            return queryset.filter(pk__in=Agreement.objects.filter(kind=self.value()).values("institution"))
        return queryset


class InstitutionCountryFilter(admin.SimpleListFilter):
    """Only the countries that have institutions (not the 250 of ISO 3166), in one light query."""

    title = _("country")
    parameter_name = "country"
    field = "country"

    def lookups(self, request, model_admin):
        codes = Institution.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class AgreementCountryFilter(InstitutionCountryFilter):
    field = "institution__country"


# --- Admins ------------------------------------------------------------------------------------


class AgreementInline(TranslationStackedInline):
    model = Agreement
    extra = 0
    show_change_link = True
    fields = [
        ("kind", "title"),
        ("valid_from_year", "valid_to_year", "is_signed"),
        ("outgoing_seats", "incoming_seats"),
        ("study_year_min", "study_year_max", "duration"),
        ("french_track", "english_track"),
        "signed_document",
    ]


class SeatColumnsMixin:
    """Seats of this academic year, used and offered, computed once for the whole page."""

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        self.attach_seat_usage(changelist.result_list)
        return changelist

    def attach_seat_usage(self, objects):
        raise NotImplementedError


@admin.register(Institution)
class InstitutionAdmin(ImportThroughServiceMixin, SeatColumnsMixin, ImportExportModelAdmin):
    resource_classes = [InstitutionResource]
    import_formats = [CSV, XLSX]
    export_formats = SAFE_EXPORT_FORMATS  # formulas neutralised (core/exports.py)
    list_display = [
        "name", "country", "city", "region", "erasmus_code", "agreements_in_force", "outgoing_seats_now",
        "incoming_seats_now",
    ]  # fmt: skip
    list_filter = [
        "region",
        InstitutionKindFilter,
        InstitutionAgreementStatusFilter,
        "networks",
        "is_home",
        InstitutionCountryFilter,
    ]
    search_fields = ["name", "local_name", "city", "erasmus_code", "schac_id"]
    readonly_fields = ["region", "created", "updated"]
    filter_horizontal = ["coordinators"]
    inlines = [AgreementInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Agreement:
            services.agreements_changed(
                [a.pk for a in [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]]
            )

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "local_name",
                    ("country", "city"),
                    "region",
                    "website",
                    ("erasmus_code", "schac_id"),
                ]
            },
        ),
        (_("Fee waivers"), {"fields": ["email_domains"]}),
        (_("People"), {"fields": ["coordinators", "is_home"]}),
        (_("Record"), {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    def attach_seat_usage(self, objects):
        """Agreements in force, seats offered and used this year, for the rows of this page only."""
        objects = list(objects)
        year = academic.current_academic_year()
        agreements = list(
            Agreement.objects.in_force(year)
            .filter(institution__in=objects)
            .only("pk", "institution_id", "outgoing_seats", "incoming_seats")
        )
        used = seats.used_seats([a.pk for a in agreements], year)
        totals = {obj.pk: {"n": 0, "out": [0, 0], "in": [0, 0]} for obj in objects}
        for agreement in agreements:
            row = totals[agreement.institution_id]
            row["n"] += 1
            row["out"][0] += used[(agreement.pk, "outgoing")]
            row["out"][1] += agreement.outgoing_seats
            row["in"][0] += used[(agreement.pk, "incoming")]
            row["in"][1] += agreement.incoming_seats
        for obj in objects:
            obj.seat_totals = totals[obj.pk]

    @admin.display(description=_("agreements in force"))
    def agreements_in_force(self, obj):
        return obj.seat_totals["n"] if hasattr(obj, "seat_totals") else "—"

    @admin.display(description=_("outgoing seats used / offered this year"))
    def outgoing_seats_now(self, obj):
        return _seats(*obj.seat_totals["out"]) if hasattr(obj, "seat_totals") else "—"

    @admin.display(description=_("incoming seats used / offered this year"))
    def incoming_seats_now(self, obj):
        return _seats(*obj.seat_totals["in"]) if hasattr(obj, "seat_totals") else "—"


def _seats(used, offered):
    if not offered:
        return "—"
    return format_html(
        '<span class="{}">{} / {}</span>', "errornote" if used > offered else "", used, offered
    )


class AgreementForm(forms.ModelForm):
    """The signed agreement goes through the same content checks as every upload (a PDF that
    opens, with no JavaScript, launch action or attached file)."""

    class Meta:
        model = Agreement
        # The admin passes its fieldsets' fields. No `fields` here: modeltranslation's admin copies a
        # form's Meta.fields onto the ModelAdmin at the first page view, and the system checks then
        # refuse it (admin.E005, both fieldsets and fields) in every later management command.
        exclude = ()  # noqa: DJ006 (the admin chooses the fields: see above)

    def clean_signed_document(self):
        document = self.cleaned_data.get("signed_document")
        if document and isinstance(document, UploadedFile):
            validate_upload(document, allowed_kinds=("pdf",), max_bytes=20 * 1024 * 1024)
        return document


@admin.register(Agreement)
class AgreementAdmin(ImportThroughServiceMixin, SeatColumnsMixin, ImportExportModelAdmin, TranslationAdmin):
    form = AgreementForm
    resource_classes = [AgreementResource]
    import_formats = [CSV, XLSX]
    export_formats = SAFE_EXPORT_FORMATS  # formulas neutralised (core/exports.py)
    list_display = [
        "institution", "kind", "title", "years", "status_display", "outgoing_now", "incoming_now",
        "study_years", "document",
    ]  # fmt: skip
    list_filter = [AgreementStatusFilter, "kind", "institution__region", "duration", AgreementCountryFilter]
    search_fields = ["institution__name", "institution__local_name", "institution__erasmus_code", "title"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution"]
    fieldsets = [
        (None, {"fields": ["institution", "kind", ("title",), ("notes",)]}),
        (_("Validity"), {"fields": [("valid_from_year", "valid_to_year"), "is_signed", "signed_document"]}),
        (
            _("What it offers"),
            {
                "fields": [
                    ("outgoing_seats", "incoming_seats"),
                    ("study_year_min", "study_year_max"),
                    "duration",
                    ("french_track", "english_track"),
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.agreements_changed([obj.pk])  # calls of its kind offer it (or no longer do)

    def attach_seat_usage(self, objects):
        objects = list(objects)
        year = academic.current_academic_year()
        usage = seats.usage(objects, year)
        for obj in objects:
            obj.seat_usage = usage[obj.pk]

    @admin.display(description=_("years"), ordering="valid_from_year")
    def years(self, obj):
        return obj.validity_display

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("outgoing used / offered"))
    def outgoing_now(self, obj):
        u = getattr(obj, "seat_usage", {}).get("outgoing")
        return _seats(u.used, u.offered) if u else "—"

    @admin.display(description=_("incoming used / offered"))
    def incoming_now(self, obj):
        u = getattr(obj, "seat_usage", {}).get("incoming")
        return _seats(u.used, u.offered) if u else "—"

    @admin.display(description=_("study years"))
    def study_years(self, obj):
        return obj.study_years_display

    @admin.display(description=_("signed agreement"))
    def document(self, obj):
        if not obj.signed_document:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("partners:agreement_document", args=[obj.pk]), _("open")
        )


@admin.register(Network)
class NetworkAdmin(TranslationAdmin):
    list_display = ["name", "website", "member_count"]
    fields = ["name", "slug", "website", ("description",), ("school_role",), "members"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_members=Count("members"))

    @admin.display(description=_("members"), ordering="n_members")
    def member_count(self, obj):
        return obj.n_members
