"""The learning agreement page and its actions; every view asks the permission layer (rules) and
every write goes through the services."""

import csv
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import academic
from core.errors import ServiceError
from core.exports import neutralise
from core.files import serve_private_file
from core.models import FileKind
from core.pdf import PDFError
from core.rules import is_iro_staff
from core.templatetags.lang import money

from . import rules, selectors
from .forms import (
    AttendanceCertificateForm,
    CommentForm,
    PaymentForm,
    RecognitionForm,
    StayDateForm,
    TopUpForm,
    TranscriptForm,
    VersionForm,
    YearForm,
    component_formset,
)
from .models import AgreementVersion
from .services import agreements, grants, period, reporting

logger = logging.getLogger(__name__)


def _record(request, pk):
    """The mobility, for whoever may follow it (404 for anyone else: they may not know it exists)."""
    record = get_object_or_404(selectors.record_queryset(), pk=pk)
    if not request.user.has_perm("learning.view_mobility", record):
        raise Http404
    return record


def _back(record):
    return redirect("learning:agreement", pk=record.pk)


def _refused(request, record, exc):
    messages.error(request, getattr(exc, "message", None) or str(exc))
    return _back(record)


@login_required
@require_GET
def agreement(request, pk):
    record = _record(request, pk)
    context = selectors.agreement_page(record, request.user)
    context.update(
        comment_form=CommentForm(),
        stay_form=StayDateForm(),
        certificate_form=AttendanceCertificateForm(),
        transcript_form=TranscriptForm(),
        recognition_form=RecognitionForm(components=context["to_recognise"]),
        top_up_form=TopUpForm(
            initial={
                "fewer_opportunities": getattr(getattr(record, "grant", None), "fewer_opportunities", False),
                "green_travel": getattr(getattr(record, "grant", None), "green_travel", False),
            }
        ),
        payment_form=PaymentForm(),
        today=timezone.localdate(),
    )
    return render(request, "learning/agreement.html", context)


@login_required
def edit(request, pk):
    """The student's draft: GET shows the latest content; POST saves (a new version if signed)."""
    record = _record(request, pk)
    if not rules.is_mobility_student.test(request.user, record):
        raise Http404
    agreement = agreements.start_agreement(record, by=request.user)
    latest = agreements.latest_version(agreement)
    is_change = agreements.approved_version(agreement) is not None
    if request.method == "POST":
        form = VersionForm(request.POST, is_change=is_change)
        table_a = component_formset("A", data=request.POST, is_change=is_change)
        table_b = component_formset("B", data=request.POST, is_change=is_change)
        if form.is_valid() and table_a.is_valid() and table_b.is_valid():
            try:
                version = agreements.editable_version(agreement, by=request.user)
                agreements.save_draft(
                    version,
                    by=request.user,
                    data=form.cleaned_data,
                    components=[*table_a.rows("A"), *table_b.rows("B")],
                )
                if "sign" in request.POST:
                    agreements.submit(version, by=request.user)
                    messages.success(
                        request,
                        _("You signed version %(n)s; both institutions are asked to sign it.")
                        % {"n": version.number},
                    )
                    return _back(record)
            except ServiceError as exc:
                messages.error(request, exc.message)
                return redirect("learning:edit", pk=record.pk)
            messages.success(request, _("Draft saved."))
            return redirect("learning:edit", pk=record.pk)
    else:
        form = VersionForm(instance=latest, is_change=is_change)
        table_a = component_formset("A", version=latest, is_change=is_change)
        table_b = component_formset("B", version=latest, is_change=is_change)
    context = {
        "record": record,
        "latest": latest,
        "form": form,
        "table_a": table_a,
        "table_b": table_b,
        "is_change": is_change,
        "starts_new_version": not latest.is_draft,
        "row_errors": [*table_a.summary_entries("A"), *table_b.summary_entries("B")],
    }
    return render(request, "learning/edit.html", context)


def _version(record, version_pk):
    return get_object_or_404(
        AgreementVersion.objects.select_related("agreement__record"), pk=version_pk, agreement__record=record
    )


@login_required
@require_POST
def sign(request, pk, version_pk):
    record = _record(request, pk)
    version = _version(record, version_pk)
    try:
        agreements.sign(version, by=request.user)
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, record, exc)
    messages.success(request, _("You signed version %(n)s.") % {"n": version.number})
    return _back(record)


@login_required
@require_POST
def send_back(request, pk, version_pk):
    record = _record(request, pk)
    version = _version(record, version_pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the student should change."))
        return _back(record)
    try:
        agreements.send_back(version, by=request.user, comment=form.cleaned_data["comment"])
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, record, exc)
    messages.success(request, _("Version %(n)s was sent back to the student.") % {"n": version.number})
    return _back(record)


@login_required
@require_GET
def version_pdf(request, pk, version_pk):
    record = _record(request, pk)
    version = _version(record, version_pk)
    if not version.is_approved:
        raise Http404
    try:
        pdf = agreements.version_pdf(version)
    except PDFError:
        logger.exception("Learning agreement version %s could not be rendered", version.pk)
        return render(request, "learning/unavailable.html", {"record": record}, status=503)
    name = f"learning-agreement-{slugify(record.student_name)}-v{version.number}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def confirm_stay(request, pk):
    record = _record(request, pk)
    form = StayDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(record)
    which, date = form.cleaned_data["which"], form.cleaned_data["date"]
    action = period.confirm_arrival if which == StayDateForm.ARRIVAL else period.confirm_departure
    try:
        action(record, by=request.user, date=date)
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, record, exc)
    messages.success(
        request, _("Arrival confirmed.") if which == StayDateForm.ARRIVAL else _("Departure confirmed.")
    )
    return _back(record)


@login_required
@require_POST
def attendance_upload(request, pk):
    record = _record(request, pk)
    form = AttendanceCertificateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(record)
    try:
        period.record_attendance_certificate(
            record,
            by=request.user,
            file=form.cleaned_data["file"],
            arrival=form.cleaned_data["arrival"],
            departure=form.cleaned_data["departure"],
        )
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, record, exc)
    messages.success(request, _("Dates recorded from the certificate of attendance."))
    return _back(record)


def _audit(request, record, kind, obj):
    return {"request": request, "owner": record.application.student, "kind": kind, "obj": obj}


@login_required
@require_GET
def attendance_file(request, pk):
    record = _record(request, pk)
    stay = getattr(record, "stay", None)
    if stay is None or not stay.attendance_file:
        raise Http404
    return serve_private_file(
        stay.attendance_file,
        download_name=f"attendance-{slugify(record.student_name)}",
        audit=_audit(request, record, FileKind.ATTENDANCE_CERTIFICATE, stay),
    )


@login_required
@require_GET
def attendance_certificate(request, pk):
    record = _record(request, pk)
    try:
        pdf = period.attendance_certificate_pdf(record)
    except ServiceError:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-of-attendance-{slugify(record.student_name)}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def transcript_upload(request, pk):
    record = _record(request, pk)
    form = TranscriptForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the Transcript of Records (a PDF file)."))
        return _back(record)
    try:
        period.upload_transcript(record, by=request.user, file=form.cleaned_data["file"])
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, record, exc)
    messages.success(request, _("Transcript of Records received."))
    return _back(record)


@login_required
@require_GET
def transcript_file(request, pk):
    record = _record(request, pk)
    transcript = getattr(record, "transcript", None)
    if transcript is None:
        raise Http404
    return serve_private_file(
        transcript.file,
        download_name=transcript.original_name,
        audit=_audit(request, record, FileKind.TRANSCRIPT_OF_RECORDS, transcript),
    )


@login_required
@require_POST
def recognition(request, pk):
    record = _record(request, pk)
    _version, components = period.components_to_recognise(record)
    form = RecognitionForm(request.POST, components=components)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(record)
    try:
        period.record_recognition(record, by=request.user, decisions=form.decisions())
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, record, exc)
    messages.success(request, _("Recognition recorded."))
    return _back(record)


@login_required
@require_POST
def top_ups(request, pk):
    record = _record(request, pk)
    form = TopUpForm(request.POST)
    form.is_valid()
    try:
        grants.set_top_ups(record, by=request.user, **form.cleaned_data)
    except PermissionDenied as exc:
        return _refused(request, record, exc)
    messages.success(request, _("Top-ups saved; the grant is recomputed."))
    return _back(record)


@login_required
@require_POST
def payment(request, pk):
    record = _record(request, pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(record)
    try:
        paid = grants.record_payment(record, by=request.user, **form.cleaned_data)
    except (ServiceError, PermissionDenied) as exc:
        return _refused(request, record, exc)
    messages.success(
        request,
        _("%(what)s recorded: %(amount)s.")
        % {"what": paid.get_instalment_display(), "amount": money(paid.amount, 2)},
    )
    return _back(record)


@login_required
@require_GET
def mobilities(request):
    """The mobilities a coordinator or IRO staff follow (students reach theirs from the dashboard)."""
    if not (request.user.is_coordinator or is_iro_staff.test(request.user) or request.user.is_supervisor):
        raise Http404
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    rows = list(selectors.mobilities_for(request.user, year)[:500])
    return render(request, "learning/mobilities.html", {"rows": rows, "form": form, "year": year})


def _staff_only(request):
    if not is_iro_staff.test(request.user):
        raise Http404


@login_required
@require_GET
def missing(request):
    _staff_only(request)
    return render(request, "learning/missing.html", {"sections": reporting.missing()})


@login_required
@require_GET
def export(request):
    """The year's mobilities as CSV, with the columns the EU Beneficiary Module imports."""
    _staff_only(request)
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else academic.current_academic_year()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mobilities-{year}.csv"'
    writer = csv.writer(response)
    for row in reporting.export_rows(year):
        writer.writerow([neutralise(cell) for cell in row])
    return response
