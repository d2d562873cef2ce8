from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import fragments
from core.files import serve_private_file
from core.models import FileKind
from core.paging import page_of
from core.workflow import InvalidTransition

from .. import selectors, services
from ..forms import (
    STEP_NAMES,
    AcademicForm,
    DocumentForm,
    MotivationForm,
    PersonalForm,
    PreferencesForm,
    step_names_for,
    steps_for,
)
from ..models import ApplicationDocument, DocumentRequirement, Status
from ..rules import may_fill_in
from ..selectors import dashboard as dashboard_reads
from ..selectors import nominations as nomination_reads
from ..services import nominations

STEP_FORMS = {"personal": PersonalForm, "academic": AcademicForm, "motivation": MotivationForm}


def programmes(request):
    now = timezone.now()
    page = page_of(selectors.open_calls_for(request.user, now), request.GET.get("page"), per_page=20)
    calls = list(page.object_list)
    groups = [
        {"audience": audience, "calls": [c for c in calls if c.direction == audience]}
        for audience in selectors.audiences_for(request.user)
    ]
    return render(
        request,
        "mobility/programmes.html",
        {
            "page": page,
            "open_calls": calls,
            "groups": [g for g in groups if g["calls"]],
            "upcoming_calls": list(selectors.upcoming_calls(now)[:20]),
            "closed_calls": list(selectors.awaiting_decision_calls(now)[:20]),
            "now": now,
        },
    )


def call_detail(request, pk, slug=None):
    call = get_object_or_404(selectors.call_detail_queryset(), pk=pk)
    if slug != call.slug:
        return redirect("mobility:call", pk=call.pk, slug=call.slug)
    application = None
    if request.user.is_authenticated:
        application = call.applications.filter(student=request.user).first()
    return render(
        request,
        "mobility/call_detail.html",
        {"call": call, "application": application, "is_open": call.is_open(), "now": timezone.now()},
    )


# The dashboard's cards are kept in the cache per student, language and version of what they show
# (issue 19): most visits then cost what any signed-in page costs. A cache down only means a miss.
DASHBOARD_CACHE_SECONDS = 5 * 60


@transaction.non_atomic_requests  # it only reads: no BEGIN and COMMIT around it
@login_required
def dashboard(request):
    """The student's applications, invitations and the calls still open to them.

    Why a cache and not a lighter page (issue 19): the page's floor is the signed-in request itself
    (the session and the user read), and building the cards costs several times that (the ORM's
    queries and objects, the template), however it is written. So the rendered cards are kept per
    student and language (selectors/dashboard.py: the versions they are built on and how long time
    alone leaves them true; services/dashboard.py: the writes that renew those versions).
    """
    pending = nominations.take_pending_invitation(request.session, request.user)
    if pending is not None:
        # Back from allauth's signup, email verification and login: the invitation they followed.
        return redirect(nomination_reads.invitation_url(pending))
    return render(request, "mobility/dashboard.html", {"content": _dashboard_content(request)})


def _csrf_placeholder():
    """Stands for the CSRF token in a cached page (the offer's forms): each visit gets its own token.
    Derived from SECRET_KEY, so that no text a page shows can be it."""
    return salted_hmac("mobility.dashboard", "csrf placeholder").hexdigest()


def _dashboard_content(request):
    user = request.user
    key = dashboard_reads.entry_key(user, get_language())
    html, versions = fragments.read(key, dashboard_reads.version_keys(user))
    if html is None:
        page = selectors.student_dashboard(user)
        html = render_to_string(
            "mobility/_dashboard.html",
            {
                "rows": page.rows,
                "open_calls": page.open_calls,
                "invitations": page.invitations,
                "csrf_token": _csrf_placeholder(),
            },
            request=request,
        )
        fragments.store(key, versions, html, until=page.valid_until, timeout=DASHBOARD_CACHE_SECONDS)
    placeholder = _csrf_placeholder()
    if placeholder in html:
        html = html.replace(placeholder, get_token(request))
    return mark_safe(html)  # rendered by our template: escaped there


@login_required
@require_POST
def start(request, pk):
    call = get_object_or_404(selectors.call_detail_queryset(), pk=pk)
    try:
        application = services.start_application(call, by=request.user)
    except services.NotNominated as exc:
        messages.info(request, exc.message)
        return redirect("mobility:incoming")
    except services.ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("mobility:call", pk=call.pk, slug=call.slug)
    return redirect("mobility:step", pk=application.pk, step=STEP_NAMES[0])


def _own_application(request, pk):
    """The application if it is the requester's own; 404 for anyone else (even staff: they use the admin)."""
    application = get_object_or_404(selectors.application_queryset(), pk=pk)
    if not may_fill_in(request.user, application):
        raise Http404
    return application


def _step_context(application, step):
    names = step_names_for(application)
    blocking, later = selectors.submission_problems(application)
    return {
        "application": application,
        "call": application.call,
        "steps": steps_for(application),
        "done_steps": selectors.completed_steps(application),
        "step": step,
        "step_index": names.index(step) if step in names else len(names),
        "checklist": selectors.document_checklist(application),
        "documents_open": application.accepts_documents(),
        "deadline_passed": application.is_late_draft(),
        "blocking": blocking,
        "later": later,
    }


def _documents_page(request, application, *, refused=None, status=200):
    """The documents step; after a refused upload, the error summary points at that document's file
    input (`refused`: the requirement and why)."""
    context = _step_context(application, "documents")
    if refused is not None:
        requirement, message = refused
        context["upload_errors"] = [(f"file-{requirement.pk}", requirement.name, message)]
    return render(request, "mobility/step_documents.html", context, status=status)


@login_required
def step(request, pk, step):
    application = _own_application(request, pk)
    names = step_names_for(application)
    if step not in names:
        raise Http404
    if not application.is_draft and step != "documents":
        return redirect("mobility:application", pk=application.pk)
    if step == "documents":
        return _documents_page(request, application)
    if step == "preferences":
        form_class = None
        form = PreferencesForm(request.POST or None, application=application)
    else:
        form_class = STEP_FORMS[step]
        form = form_class(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            if step == "preferences":
                services.set_preferences(
                    application, by=request.user, agreements=form.cleaned_data["agreements"]
                )
            else:
                data = {f: form.cleaned_data[f] for f in form.fields}
                services.save_draft(application, by=request.user, data=data)
        except services.ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved. You can leave and come back at any time."))
            if "leave" in request.POST:
                return redirect("mobility:dashboard")
            return redirect("mobility:step", pk=application.pk, step=names[names.index(step) + 1])
    context = _step_context(application, step)
    context["form"] = form
    return render(request, "mobility/step_form.html", context)


@login_required
def review(request, pk):
    application = _own_application(request, pk)
    if not application.is_draft:
        return redirect("mobility:application", pk=application.pk)
    if request.method == "POST":
        try:
            services.submit(application, by=request.user)
        except services.ApplicationError as exc:
            context = _step_context(application, "review")
            context["refusal"] = exc
            context["eligibility"] = selectors.evaluate_eligibility(application)
            context["declared"] = selectors.declared_criteria(application)
            return render(request, "mobility/review.html", context, status=400)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("mobility:application", pk=application.pk)
        messages.success(
            request, _("Your application was submitted. A confirmation was sent to you by email.")
        )
        return redirect("mobility:application", pk=application.pk)
    context = _step_context(application, "review")
    context["eligibility"] = selectors.evaluate_eligibility(application)
    context["declared"] = selectors.declared_criteria(application)
    return render(request, "mobility/review.html", context)


@login_required
def application_detail(request, pk):
    application = _own_application(request, pk)
    context = _step_context(application, "detail")
    context.update(
        eligibility=selectors.evaluate_eligibility(application),
        status_help=selectors.STATUS_HELP.get(application.status),
        can_withdraw=application.can_withdraw,
        can_confirm=application.can_confirm,
        plan=nomination_reads.clerkship_plan_summary(application),
        selection=selectors.selection_result(application),
        resume_url=selectors.resume_url(application) if application.is_draft else None,
    )
    return render(request, "mobility/application_detail.html", context)


@login_required
@require_POST
def change_status(request, pk):
    application = _own_application(request, pk)
    to_state = request.POST.get("to")
    if to_state not in (Status.WITHDRAWN, Status.CONFIRMED):
        raise Http404
    try:
        services.transition(application, to_state, by=request.user, comment=request.POST.get("comment", ""))
    except (InvalidTransition, services.ApplicationError, PermissionDenied) as exc:
        messages.error(request, str(getattr(exc, "message", None) or exc))
    else:
        messages.success(request, _("Your application is now “%(s)s”.") % {"s": Status(to_state).label})
    if request.POST.get("back") == "dashboard":
        return redirect("mobility:dashboard")
    return redirect("mobility:application", pk=application.pk)


@login_required
@require_POST
def upload(request, pk, requirement_pk):
    application = _own_application(request, pk)
    requirement = get_object_or_404(DocumentRequirement, pk=requirement_pk, call_id=application.call_id)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _documents_page(
            request, application, refused=(requirement, form.errors["file"][0]), status=400
        )
    try:
        services.upload_document(application, requirement, form.cleaned_data["file"], by=request.user)
    except services.ApplicationError as exc:
        return _documents_page(request, application, refused=(requirement, exc.message), status=400)
    messages.success(request, _("“%(name)s” received.") % {"name": requirement.name})
    return redirect("mobility:step", pk=application.pk, step="documents")


@login_required
@require_POST
def delete_document(request, pk):
    document = get_object_or_404(
        ApplicationDocument.objects.select_related("application__call", "requirement"), pk=pk
    )
    if not may_fill_in(request.user, document.application):
        raise Http404
    try:
        services.delete_document(document, by=request.user)
    except services.ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("“%(name)s” deleted.") % {"name": document.requirement.name})
    return redirect("mobility:step", pk=document.application_id, step="documents")


@login_required
@require_GET
def document_file(request, pk):
    """The file itself, to whoever may see the application (mobility/rules.py); 404 to everyone else.
    Anyone but the student is recorded in the download audit."""
    document = get_object_or_404(
        ApplicationDocument.objects.select_related("application__call", "application__student"), pk=pk
    )
    return serve_document(request, document)


def serve_document(request, document):
    """A student's uploaded file, to whoever may see it (mobility/rules.py: the student, staff, the
    call's supervisors, the nominee's coordinator), recorded in the download audit; 404 to anyone else."""
    if not request.user.has_perm("mobility.view_applicationdocument", document):
        raise Http404
    audit = {
        "request": request,
        "owner": document.application.student,
        "kind": FileKind.APPLICATION_DOCUMENT,
        "obj": document,
    }
    return serve_private_file(document.file, download_name=document.original_name, audit=audit)
