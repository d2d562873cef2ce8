import csv
import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.files import serve_private_file
from core.models import FileKind
from core.pdf import PDFError

from ..models import AcceptanceLetter, Application
from ..selectors import records as selectors_records
from ..services import records

logger = logging.getLogger(__name__)


@login_required
@require_GET
def acceptance_letter(request, pk):
    """The acceptance letter PDF, for whoever may see the application (404 for anyone else)."""
    application = get_object_or_404(Application.objects.select_related("call", "student"), pk=pk)
    if not request.user.has_perm("mobility.view_application", application) or not application.has_letter:
        raise Http404
    letter = AcceptanceLetter.objects.filter(application=application).first()
    if letter is None or not letter.file:
        # The task has not run yet (or failed): the service is idempotent, so render it now.
        try:
            letter = records.generate_acceptance_letter(application.pk)
        except PDFError:
            logger.exception("Acceptance letter of application %s could not be rendered", application.pk)
            context = {"back_url": reverse("core:dashboard")}
            return render(request, "mobility/records/letter_unavailable.html", context, status=503)
        if letter is None:
            raise Http404
    name = f"acceptance-letter-{slugify(application.full_name) or application.pk}.pdf"
    audit = {
        "request": request,
        "owner": application.student,
        "kind": FileKind.ACCEPTANCE_LETTER,
        "obj": letter,
    }
    return serve_private_file(letter.file, download_name=name, inline=False, audit=audit)


@require_GET
def key_figures(request):
    figures = selectors_records.key_figures()
    chart = {
        "labels": figures["year_labels"],
        "categories": [
            {
                "key": c["key"],
                "label": str(c["label"]),
                "series": [{"label": str(r["label"]), "data": r["counts"]} for r in c["rows"]],
                "periodTitle": _("%(what)s by period of mobility") % {"what": c["label"]},
                "periods": [
                    {"key": p["period"], "label": str(p["label"]), "data": p["counts"]} for p in c["periods"]
                ],
            }
            for c in figures["categories"]
        ],
    }
    return render(request, "mobility/records/key_figures.html", {"figures": figures, "chart": chart})


@require_GET
def key_figures_csv(request):
    """The key figures' tables as CSV (one row per programme, direction and year, with the students
    of each period asked), in the visitor's language."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="key-figures.csv"'
    writer = csv.writer(response)
    writer.writerow(selectors_records.key_figures_header())
    writer.writerows(selectors_records.key_figures_rows(selectors_records.key_figures()))
    return response
