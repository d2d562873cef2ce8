"""Thin views: the rules live in services.py, the reads in selectors.py."""

import logging

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import record_file_access
from core.files import serve_private_file
from core.models import FileKind
from core.paging import annotated_page
from core.pdf import PDFError

from . import selectors, services
from .forms import RegistrationForm, VerifyForm, WaiverCodeForm
from .models import CertificateRun, Invoice, Offering, Payment, SummerSchool
from .models.registrations import CANCELLED_BY_PARTICIPANT
from .rules import may_act_on

logger = logging.getLogger(__name__)

VERIFY_MISSES_ALLOWED = 20
VERIFY_WINDOW_SECONDS = 15 * 60


def offering_list(request):
    page = annotated_page(
        selectors.catalogue(), request.GET.get("page"), per_page=20, annotate=selectors.with_seats_and_waivers
    )
    return render(
        request,
        "summerschool/list.html",
        {"page": page, "schools": page.object_list, "past": selectors.past_editions()},
    )


def offering_detail(request, slug):
    school = get_object_or_404(SummerSchool.objects.published().with_seats(), slug=slug)
    mine = None
    if request.user.is_authenticated:
        mine = selectors.active_registration(request.user, school)
    return render(
        request,
        "summerschool/detail.html",
        {"school": school, "mine": mine, "waiver_networks": school.waiver_networks.all()},
    )


@login_required
def register(request, slug):
    # Any kind of offering: project activities (Erasmus+ training sessions) register here too.
    school = get_object_or_404(Offering.objects.published().with_seats(), slug=slug)
    if not school.registration_is_open():
        messages.error(request, _("Registration for “%(title)s” is not open.") % {"title": school.title})
        return redirect(school)
    existing = selectors.active_registration(request.user, school)
    if existing is not None:
        messages.info(request, _("You are already registered: here is your registration."))
        return redirect(existing)
    form = RegistrationForm(request.POST or None, request.FILES or None, offering=school)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                school, request.user, data=form.cleaned_data, cv=form.cleaned_data["cv"]
            )
        except services.RegistrationError as exc:
            messages.error(request, str(exc))
            return redirect(school)
        messages.success(
            request,
            _("Your registration is recorded: %(state)s.") % {"state": registration.get_state_display()},
        )
        return redirect(registration)
    return render(
        request,
        "summerschool/register.html",
        {
            "school": school,
            "form": form,
            # The preview's €0 only where register() charges nothing: proven by a verified address.
            "waived_ids": selectors.proven_institution_ids(school, request.user),
            "pending_ids": selectors.pending_institution_ids(school),
            "waiver_networks": school.waiver_networks.all(),
            "fee": school.fee,
        },
    )


@login_required
def my_registrations(request):
    return render(
        request,
        "summerschool/my_registrations.html",
        {"registrations": selectors.registrations_of(request.user)},
    )


def _registration_or_404(request, pk):
    """The registration if the rules let the requester see it (participant, IRO staff); else 404."""
    registration = selectors.registration_for(request.user, pk)
    if registration is None:
        raise Http404
    return registration


def _own_registration_or_404(request, pk):
    """For the participant's own acts (accept, cancel): 404 for everyone else, staff included."""
    registration = _registration_or_404(request, pk)
    if not may_act_on(request.user, registration):
        raise Http404
    return registration


def _audit(request, registration, kind, obj):
    return {"request": request, "owner": registration.participant, "kind": kind, "obj": obj}


@login_required
def registration_detail(request, pk):
    registration = _registration_or_404(request, pk)
    certificate = selectors.issued_certificate(registration)
    return render(
        request,
        "summerschool/registration.html",
        {
            "registration": registration,
            "school": registration.offering,
            "position": registration.waitlist_position(),
            "payments": registration.payments.all(),
            "invoices": registration.invoices.select_related("cancels").order_by("pk"),  # as issued
            "transitions": registration.transitions.select_related("actor"),
            "certificate": certificate,
        },
    )


@login_required
@require_POST
def prove_waiver(request, pk):
    """The participant proves a pending fee waiver: a waiver code, or their verified address."""
    registration = _own_registration_or_404(request, pk)
    code = None
    if "waiver_code" in request.POST:
        form = WaiverCodeForm(request.POST, offering=registration.offering)
        if not form.is_valid():
            for error in form.errors.get("waiver_code", []):
                messages.error(request, error)
            return redirect(registration)
        code = form.cleaned_data["waiver_code"]
    try:
        services.prove_waiver(registration, by=request.user, code=code)
        messages.success(request, _("Your fee waiver is proven: no fee is due."))
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    return redirect(registration)


@login_required
@require_POST
def accept_offer(request, pk):
    registration = _own_registration_or_404(request, pk)
    try:
        services.accept_offer(registration, by=request.user)
        messages.success(request, _("You accepted the seat."))
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    return redirect(registration)


@login_required
@require_POST
def cancel(request, pk):
    registration = _own_registration_or_404(request, pk)
    try:
        services.cancel(registration, by=request.user, comment=CANCELLED_BY_PARTICIPANT())
        messages.success(request, _("Your registration is cancelled."))
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    return redirect(registration)


@login_required
def registration_cv(request, pk):
    registration = _registration_or_404(request, pk)
    audit = _audit(request, registration, FileKind.CV, registration)
    return serve_private_file(registration.cv, download_name="cv", audit=audit)


@login_required
def payment_receipt(request, pk, payment_pk):
    registration = _registration_or_404(request, pk)
    payment = get_object_or_404(Payment, pk=payment_pk, registration=registration)
    return _rendered_pdf(
        request,
        registration,
        obj=payment,
        render_pdf=services.receipt_pdf,
        file_name=f"receipt-{payment.receipt_number}.pdf",
        document=_("payment receipt"),
    )


@login_required
def invoice_pdf(request, pk, invoice_pk):
    """An invoice or credit note of the registration: its participant's and IRO staff's only."""
    registration = _registration_or_404(request, pk)
    invoice = get_object_or_404(Invoice, pk=invoice_pk, registration=registration)
    return _rendered_pdf(
        request,
        registration,
        obj=invoice,
        render_pdf=services.invoice_pdf,
        file_name=f"{invoice.number}.pdf",
        document=_("invoice"),
    )


def _rendered_pdf(request, registration, *, obj, render_pdf, file_name, document):
    """A PDF rendered on request (receipt, invoice): audited, never cached, a 503 page if rendering fails."""
    try:
        pdf = render_pdf(obj)
    except PDFError:
        logger.exception(
            "%s %s of registration %s could not be rendered", type(obj).__name__, obj.pk, registration.pk
        )
        return pdf_unavailable(request, registration, document)
    record_file_access(
        by=request.user,
        owner=registration.participant,
        kind=FileKind.RECEIPT,
        obj=obj,
        file_name=file_name,
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_unavailable(request, registration, document):
    """A PDF that failed to render: say so in the participant's words (503: try again later)."""
    context = {"document": document, "back_url": registration.get_absolute_url()}
    return render(request, "summerschool/pdf_unavailable.html", context, status=503)


@login_required
def certificate_pdf(request, pk):
    registration = _registration_or_404(request, pk)
    certificate = selectors.certificate_of(registration)
    if certificate is None or not certificate.pdf:
        raise Http404
    return serve_private_file(
        certificate.pdf,
        download_name=services.certificate_filename(certificate),
        audit=_audit(request, registration, FileKind.CERTIFICATE, certificate),
    )


def _client_ip(request):
    # allauth's reading of the address, so that TRUSTED_PROXY_COUNT applies to every rate limit.
    return get_adapter(request).get_client_ip(request)


def verify_certificate(request, code):
    """Public check of a certificate. Misses are counted per IP: guessing codes soon gets a 429."""
    key = f"summerschool:verify-misses:{_client_ip(request)}"
    if (cache.get(key) or 0) >= VERIFY_MISSES_ALLOWED:
        return render(request, "summerschool/verify_limited.html", status=429)
    certificate = selectors.certificate_by_code(code)
    if certificate is None and cache.add(key, 1, VERIFY_WINDOW_SECONDS) is False:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, VERIFY_WINDOW_SECONDS)
    return render(
        request,
        "summerschool/verify.html",
        {"certificate": certificate, "code": code},
        status=200 if certificate else 404,
    )


def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("summerschool:verify_certificate", code=form.cleaned_data["code"].strip())
    return render(request, "summerschool/verify_form.html", {"form": form})


@login_required
def certificate_run_status(request, pk):
    """The progress of a bulk certificate issue, for IRO staff (404 for anyone else)."""
    run = get_object_or_404(CertificateRun, pk=pk)
    if not request.user.has_perm("summerschool.view_certificaterun", run):
        raise Http404
    return JsonResponse(
        {
            "total": run.total,
            "done": run.done,
            "failed": run.failed,
            "percent": run.percent,
            "done_percent": run.done_percent,
            "failed_percent": run.failed_percent,
            "finished": run.finished_at is not None,
        }
    )
