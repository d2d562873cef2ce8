"""Partner coordinators' nomination pages, the invitation link, and the page for incoming students."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import offer_signup_details
from partners.models import Institution

from .. import selectors
from ..forms.nominations import NominationForm, WithdrawForm
from ..models import ApplicationDocument
from ..rules import may_nominate, nominations_followed_by
from ..selectors import nominations as nomination_reads
from ..services import nominations
from .applications import serve_document


def _coordinator(request):
    """Nomination pages are partner coordinators' own (staff follow nominations in the admin)."""
    if not may_nominate(request.user):
        raise Http404
    return request.user


def incoming(request):
    """Public: how incoming students apply (through their home university), and who cannot."""
    calls = list(nomination_reads.nominating_calls().order_by("application_deadline"))
    invitations = (
        list(nomination_reads.pending_invitations(request.user)) if request.user.is_authenticated else []
    )
    return render(request, "mobility/nominations/incoming.html", {"calls": calls, "invitations": invitations})


@login_required
def nomination_list(request):
    coordinator = _coordinator(request)
    rows = [
        {"nomination": n, "missing": nomination_reads.missing_documents(n)}
        for n in nomination_reads.coordinator_nominations(coordinator)
    ]
    groups = {}
    for row in rows:
        groups.setdefault(row["nomination"].call, []).append(row)
    return render(
        request,
        "mobility/nominations/list.html",
        {
            "groups": list(groups.items()),
            "choices": nomination_reads.nomination_choices(coordinator),
            "institutions": list(nomination_reads.coordinated_institutions(coordinator)),
        },
    )


@login_required
def nominate(request, call_pk, institution_pk):
    coordinator = _coordinator(request)
    institution = get_object_or_404(Institution.objects.filter(coordinators=coordinator), pk=institution_pk)
    call = get_object_or_404(nomination_reads.nominating_calls(), pk=call_pk)
    agreement = nomination_reads.agreement_for(call, institution)
    if agreement is None:
        raise Http404
    form = NominationForm(request.POST or None, call=call, agreement=agreement)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            nomination = nominations.nominate(call, institution, by=coordinator, data=form.cleaned_data)
        except nominations.NominationError as exc:
            form.add_error(None, exc.message)
            status = 400
        else:
            messages.success(
                request,
                _("%(name)s is nominated: an invitation to apply was sent to %(email)s.")
                % {"name": nomination.full_name, "email": nomination.email},
            )
            return redirect("mobility:nominations")
    return render(
        request,
        "mobility/nominations/nominate.html",
        {
            "form": form,
            "call": call,
            "institution": institution,
            "agreement": agreement,
            "seats_left": nomination_reads.seats_left(agreement, call.academic_year),
            "year": call.academic_year_label,
            "requirements": list(call.document_requirements.all()),
        },
        status=status,
    )


def _own_nomination(request, pk):
    coordinator = _coordinator(request)
    return get_object_or_404(
        nominations_followed_by(coordinator).select_related("call", "agreement__institution", "application"),
        pk=pk,
    )


def _history(nomination, application):
    """The nomination's moves and its application's, in the order they happened."""
    rows = [
        {"at": t.at, "label": t.to_label, "comment": t.comment_text, "application": False}
        for t in nomination.transitions.all()
    ]
    if application is not None:
        rows += [
            {"at": t.at, "label": t.to_label, "comment": "", "application": True}
            for t in application.transitions.all()
        ]
    return sorted(rows, key=lambda r: r["at"])


@login_required
def nomination_detail(request, pk):
    return _detail_page(request, _own_nomination(request, pk), WithdrawForm())


def _detail_page(request, nomination, form, status=200):
    application = None
    if nomination.application_id:
        application = selectors.application_queryset().get(pk=nomination.application_id)
    return render(
        request,
        "mobility/nominations/detail.html",
        {
            "nomination": nomination,
            "application": application,
            "checklist": selectors.document_checklist(application) if application else [],
            "missing": nomination_reads.missing_documents(nomination),
            "plan": nomination_reads.clerkship_plan_summary(nomination),
            "history": _history(nomination, application),
            "can_withdraw": nomination.is_withdrawable,
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def withdraw(request, pk):
    nomination = _own_nomination(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        # The page again, opening on its error summary, with the reason typed kept.
        return _detail_page(request, nomination, form, status=400)
    try:
        nominations.withdraw(nomination, by=request.user, comment=form.cleaned_data["comment"])
    except (nominations.NominationError, PermissionDenied) as exc:
        messages.error(request, str(getattr(exc, "message", None) or exc))
    else:
        messages.success(
            request, _("The nomination of %(name)s is withdrawn.") % {"name": nomination.full_name}
        )
    return redirect("mobility:nominations")


@login_required
def nominee_document(request, pk, document_pk):
    """A nominee's file, for their coordinator (404 for other institutions' coordinators)."""
    nomination = _own_nomination(request, pk)
    document = get_object_or_404(
        ApplicationDocument.objects.filter(application_id=nomination.application_id).select_related(
            "application__student"
        ),
        pk=document_pk,
    )
    return serve_document(request, document)


def invitation(request, token):
    """The link in the invitation email: log in or sign up, then land in the incoming application."""
    nomination = nomination_reads.nomination_for_token(token)
    if nomination is None:
        return render(request, "mobility/nominations/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        nominations.remember_invitation(request.session, nomination)
        offer_signup_details(
            request.session,
            email=nomination.email,
            first_name=nomination.first_name,
            last_name=nomination.last_name,
        )
        return render(
            request, "mobility/nominations/invitation.html", {"nomination": nomination, "next": request.path}
        )
    try:
        application = nominations.claim(nomination, by=request.user, now=timezone.now())
    except (nominations.NominationError, PermissionDenied) as exc:
        return render(
            request,
            "mobility/nominations/invitation.html",
            {"nomination": nomination, "error": str(getattr(exc, "message", None) or exc)},
            status=403,
        )
    if application.is_draft:
        return redirect("mobility:step", pk=application.pk, step="personal")
    return redirect("mobility:application", pk=application.pk)
