"""Selection by merit in the back office: a call's criteria, the marks of an application, the
marks import and the allocation page (preview, download, publish).

The pages only ask and show: marks go through `services.selection`, the allocation through
`services.allocation` (the same computation for the preview, the download and the publication).
"""

import tablib
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import SafeCSV, SafeXLSX
from partners.models import Direction

from .. import rules as access
from ..models import AllocationRun, Application, Call, Mark, PlaceOffer, SelectionCriterion, Status
from ..services import allocation, selection
from ..services.errors import ApplicationError


class SelectionCriterionInline(admin.TabularInline):
    model = SelectionCriterion
    extra = 0
    fields = ["order", "name", "weight", "scale_max"]
    verbose_name_plural = gettext_lazy("selection criteria (the score out of 100 weighs their marks)")


class MarkFormSet(BaseInlineFormSet):
    """Saves through `selection.record_marks` (permission, scale, score) instead of the rows."""

    user = None

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []  # the admin's log
        marks = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data.get("criterion") or not (form.has_changed() or data.get("DELETE")):
                continue
            marks[data["criterion"]] = None if data.get("DELETE") else data["value"]
        if marks:
            selection.record_marks(self.instance, by=self.user, marks=marks)
        return []


class MarkInline(admin.TabularInline):
    model = Mark
    formset = MarkFormSet
    extra = 0
    fields = ["criterion", "value", "scale", "entered_by", "entered_at"]
    readonly_fields = ["scale", "entered_by", "entered_at"]
    verbose_name_plural = gettext_lazy("marks on the selection criteria (the score is computed from them)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None:
            return 0
        return max(0, obj.call.selection_criteria.count() - obj.marks.count())

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion", "entered_by")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            object_id = request.resolver_match.kwargs.get("object_id")
            call_id = Application.objects.filter(pk=object_id).values("call_id")[:1] if object_id else []
            kwargs["queryset"] = SelectionCriterion.objects.filter(call_id__in=call_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("out of"))
    def scale(self, obj):
        return obj.criterion.scale_max if obj.pk else "—"


# --- Pages of a call -----------------------------------------------------------------------


class MarksImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of marks (CSV or XLSX)"),
        help_text=gettext_lazy(
            "One row per application: a column “student_number” or “email”, then one column per "
            "criterion, named as below. An empty cell leaves the mark as it is."
        ),
    )


class MarksForm(forms.Form):
    """One application's marks: one field per criterion of its call (empty: no mark)."""

    def __init__(self, *args, criteria, marks, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"criterion_{c.pk}"] = forms.DecimalField(
                label=c.name,
                required=False,
                min_value=0,
                max_value=c.scale_max,
                decimal_places=2,
                initial=marks.get(c.pk),
                help_text=_("out of %(max)s, weight %(weight)s") % {"max": c.scale_max, "weight": c.weight},
            )

    def marks(self):
        return {c: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}


def marks_url(call_id, application_id=None):
    url = reverse("admin:mobility_call_marks", args=[call_id])
    return f"{url}?application={application_id}" if application_id else url


def _application_marks(model_admin, request, call, criteria):
    """One application's marks (staff and the call's supervisors)."""
    application = Application.objects.filter(
        call=call, pk=request.GET.get("application") or 0, status__in=selection.MARKABLE_STATES
    ).first()
    if application is None:
        raise Http404
    marks = dict(Mark.objects.filter(application=application).values_list("criterion_id", "value"))
    form = MarksForm(request.POST or None, criteria=criteria, marks=marks)
    if request.method == "POST" and form.is_valid():
        try:
            selection.record_marks(application, by=request.user, marks=form.marks())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            model_admin.message_user(
                request,
                _("Marks of %(name)s saved: score %(score)s.")
                % {
                    "name": application.full_name,
                    "score": application.score if application.score is not None else "—",
                },
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:mobility_application_change", args=[application.pk]))
    context = {
        **_context(model_admin, request, call, _("Marks of %(name)s") % {"name": application.full_name}),
        "form": form,
        "application": application,
    }
    return TemplateResponse(request, "mobility/admin/application_marks.html", context)


def _call_or_404(pk):
    """An outgoing call: incoming students are nominated by their university, not ranked here."""
    call = Call.objects.filter(pk=pk, direction=Direction.OUTGOING).first()
    if call is None:
        raise Http404
    return call


def _context(model_admin, request, call, title):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Call._meta,
        "call": call,
        "title": title,
        "original": call,
        "change_url": reverse("admin:mobility_call_change", args=[call.pk]),
    }


def marks_view(model_admin, request, pk):
    """Import a file of marks for the whole call (all or nothing), or download a template."""
    call = _call_or_404(pk)
    if not access.may_mark(request.user, call):
        raise PermissionDenied
    criteria = list(call.selection_criteria.all())
    if request.GET.get("application"):
        return _application_marks(model_admin, request, call, criteria)
    if request.GET.get("template"):
        dataset = tablib.Dataset(headers=["student_number", "email", "name", *[c.name for c in criteria]])
        for a in Application.objects.filter(call=call, status__in=selection.MARKABLE_STATES).select_related(
            "student"
        ):
            dataset.append([a.student_number, a.student.email, a.full_name, *[""] * len(criteria)])
        return _download(dataset, f"marks-call-{call.pk}", "csv")
    form = MarksImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            dataset = selection.read_table(upload.read(), upload.name)
            written = selection.import_marks(call, by=request.user, dataset=dataset)
        except ApplicationError as exc:
            problems = exc.problems
            if not problems:  # an unreadable file; otherwise the rows are listed above the form
                form.add_error("file", exc.message)
        else:
            model_admin.message_user(
                request,
                _("%(n)s marks imported; the scores are up to date.") % {"n": written},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:mobility_call_allocation", args=[call.pk]))
    context = {
        **_context(model_admin, request, call, _("Import marks: %(call)s") % {"call": call}),
        "form": form,
        "problems": problems,
        "criteria": criteria,
    }
    return TemplateResponse(request, "mobility/admin/marks_import.html", context)


def _rows_dataset(result):
    dataset = tablib.Dataset(
        headers=["rank", "email", "name", "score", "place", "preference_rank", "waiting_list_rank"]
    )
    for row in result.ranked:
        dataset.append(
            [
                row.rank,
                row.application.student.email,
                row.application.full_name,
                row.score,
                str(row.place.institution) if row.place else _("waiting list"),
                row.preference_rank or "",
                row.waitlist_rank or "",
            ]
        )
    return dataset


def _download(dataset, name, fmt):
    export = SafeXLSX() if fmt == "xlsx" else SafeCSV()
    response = HttpResponse(export.export_data(dataset), content_type=export.get_content_type())
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def allocation_view(model_admin, request, pk):
    """The preview of the allocation, its download, and the one button that publishes it."""
    if not access.is_decider(request.user):
        raise PermissionDenied
    call = _call_or_404(pk)
    if request.method == "POST":
        try:
            run, created = allocation.publish(call, by=request.user)
        except ApplicationError as exc:
            model_admin.message_user(request, exc.message, messages.ERROR)
        else:
            if created:
                msg = _(
                    "Published: %(accepted)s places offered, %(waitlisted)s on the waiting list; every student was emailed."
                ) % {"accepted": run.accepted, "waitlisted": run.waitlisted}
                model_admin.message_user(request, msg, messages.SUCCESS)
            else:
                model_admin.message_user(
                    request, _("This allocation was already published: nothing changed."), messages.WARNING
                )
        return HttpResponseRedirect(request.path)
    result = allocation.compute(call)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _download(_rows_dataset(result), f"allocation-call-{call.pk}", fmt)
    run = AllocationRun.objects.filter(call=call).select_related("published_by").first()
    published = (
        Application.objects.filter(call=call, merit_rank__isnull=False)
        .select_related("student", "allocated_agreement__institution")
        .order_by("merit_rank")
        if run
        else []
    )
    offers = (
        PlaceOffer.objects.filter(application__call=call)
        .select_related("application__student", "agreement__institution")
        .order_by("agreement__institution__name", "offered_at", "pk")
    )
    context = {
        **_context(model_admin, request, call, _("Allocation by merit: %(call)s") % {"call": call}),
        "result": result,
        "run": run,
        "publisher": (run.published_by.display_name if run.published_by else _("the command line"))
        if run
        else "",
        "published": published,
        "offers": offers,
        "criteria": list(call.selection_criteria.all()),
        "waitlisted": Status.WAITLISTED,
    }
    return TemplateResponse(request, "mobility/admin/allocation.html", context)
