"""Marks and scores: staff and the call's supervisors enter marks (one application at a time in
the admin, or a whole call from a CSV/XLSX file); the score follows from them, never typed.

Score = 100 × Σ(weight × mark / scale) ÷ Σ weight, rounded to the hundredth: a score out of 100
whatever the scales. An application lacking the mark of any criterion has no score (it is not
ranked until it has them all).
"""

from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Application, Mark, SelectionCriterion, Status
from ..rules import may_mark
from .errors import ApplicationError

HUNDREDTH = Decimal("0.01")
# Applications that receive marks: submitted and not yet decided, or decided already (a correction).
MARKABLE_STATES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED, Status.WAITLISTED)


def score_of(criteria, marks: dict) -> Decimal | None:
    """The score out of 100 given {criterion_id: mark}, or None while a criterion has no mark."""
    if not criteria:
        return None
    total_weight = sum(c.weight for c in criteria)
    points = Decimal(0)
    for criterion in criteria:
        value = marks.get(criterion.pk)
        if value is None:
            return None
        points += criterion.weight * value / criterion.scale_max
    return (Decimal(100) * points / total_weight).quantize(HUNDREDTH)


def refresh_scores(call, application_ids=None) -> int:
    """Recompute the stored score of the call's applications (all, or those given): three queries."""
    criteria = list(call.selection_criteria.all())
    applications = Application.objects.filter(call=call).only("pk", "score")
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
    applications = list(applications)
    marks = {}
    for application_id, criterion_id, value in Mark.objects.filter(
        application__in=[a.pk for a in applications]
    ).values_list("application_id", "criterion_id", "value"):
        marks.setdefault(application_id, {})[criterion_id] = value
    changed = []
    for application in applications:
        score = score_of(criteria, marks.get(application.pk, {}))
        if score != application.score:
            application.score = score
            changed.append(application)
    Application.objects.bulk_update(changed, ["score"], batch_size=500)
    return len(changed)


def _check_value(criterion, value, where=""):
    if value > criterion.scale_max or value < 0:
        raise ApplicationError(
            _("%(where)s%(criterion)s: the mark must be between 0 and %(max)s (got %(value)s).")
            % {"where": where, "criterion": criterion.name, "max": criterion.scale_max, "value": value}
        )


@transaction.atomic
def record_marks(application, *, by, marks: dict) -> Application:
    """Set the marks of one application ({criterion: value or None}); None removes a mark."""
    if not may_mark(by, application.call):
        raise PermissionDenied(_("Only IRO staff and the call's supervisors enter marks."))
    for criterion, value in marks.items():
        if criterion.call_id != application.call_id:
            raise ApplicationError(_("“%(criterion)s” belongs to another call.") % {"criterion": criterion})
        if value is None:
            Mark.objects.filter(application=application, criterion=criterion).delete()
            continue
        _check_value(criterion, value)
        Mark.objects.update_or_create(
            application=application, criterion=criterion, defaults={"value": value, "entered_by": by}
        )
    refresh_scores(application.call, [application.pk])
    application.refresh_from_db(fields=["score"])
    return application


# --- Import --------------------------------------------------------------------------------

KEY_COLUMNS = ("student_number", "email")


def read_table(data: bytes, filename: str) -> tablib.Dataset:
    """A CSV or XLSX file as a dataset (headers from its first row)."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            return tablib.Dataset().load(data, format="xlsx")
        if name.endswith(".csv"):
            return tablib.Dataset().load(data.decode("utf-8-sig"), format="csv")
    except (UnicodeDecodeError, ValueError, KeyError, tablib.InvalidDimensions) as exc:
        raise ApplicationError(
            _("This file could not be read as a table: %(error)s") % {"error": exc}
        ) from exc
    except Exception as exc:  # a broken XLSX raises whatever openpyxl meets
        raise ApplicationError(
            _("This file could not be read as a table: %(error)s") % {"error": exc}
        ) from exc
    raise ApplicationError(_("Give a .csv or .xlsx file."))


def _number(text):
    text = str(text).strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@transaction.atomic
def import_marks(call, *, by, dataset: tablib.Dataset) -> int:
    """Import a table of marks for `call`: one row per application, found by `student_number` or
    `email`, one column per selection criterion (named as in the call; an empty cell leaves the mark
    as it is). All or nothing: any bad row and nothing is imported; every problem is listed with
    its row number (the header is row 1). Returns the number of marks written."""
    if not may_mark(by, call):
        raise PermissionDenied(_("Only IRO staff and the call's supervisors enter marks."))
    headers = [str(h or "").strip() for h in (dataset.headers or [])]
    criteria = {c.name.casefold(): c for c in SelectionCriterion.objects.filter(call=call)}
    problems = []
    if not any(h.casefold() in KEY_COLUMNS for h in headers):
        problems.append(_("The first row must name a column “student_number” or “email”."))
    columns = {}
    for index, header in enumerate(headers):
        key = header.casefold()
        if key in KEY_COLUMNS or key in ("name", "first_name", "last_name", "score"):
            continue
        if key not in criteria:
            problems.append(
                _("Column “%(column)s” is not a selection criterion of this call (criteria: %(names)s).")
                % {"column": header, "names": ", ".join(c.name for c in criteria.values()) or "—"}
            )
        else:
            columns[index] = criteria[key]
    if problems:
        raise ApplicationError(_("Nothing was imported:"), problems)
    applications = Application.objects.filter(call=call, status__in=MARKABLE_STATES).select_related("student")
    by_number = {a.student_number.strip().casefold(): a for a in applications if a.student_number.strip()}
    by_email = {a.student.email.casefold(): a for a in applications}
    lowered = [h.casefold() for h in headers]
    writes, seen = [], {}
    for row_number, row in enumerate(dataset, start=2):
        cells = dict(zip(lowered, row, strict=False))
        if not any(str(c or "").strip() for c in row):
            continue
        number = str(cells.get("student_number") or "").strip().casefold()
        email = str(cells.get("email") or "").strip().casefold()
        application = by_number.get(number) if number else None
        if application is None and email:
            application = by_email.get(email)
        if application is None:
            problems.append(
                _("Row %(row)s: no submitted application to this call for “%(who)s”.")
                % {"row": row_number, "who": number or email or "—"}
            )
            continue
        if application.pk in seen:
            problems.append(
                _("Row %(row)s: %(name)s already appears on row %(first)s.")
                % {"row": row_number, "name": application.full_name, "first": seen[application.pk]}
            )
            continue
        seen[application.pk] = row_number
        for index, criterion in columns.items():
            cell = row[index] if index < len(row) else None
            if cell is None or str(cell).strip() == "":
                continue
            value = _number(cell)
            if value is None:
                problems.append(
                    _("Row %(row)s, %(criterion)s: “%(cell)s” is not a number.")
                    % {"row": row_number, "criterion": criterion.name, "cell": cell}
                )
                continue
            try:
                _check_value(criterion, value, where=_("Row %(row)s, ") % {"row": row_number})
            except ApplicationError as exc:
                problems.append(exc.message)
                continue
            writes.append((application, criterion, value.quantize(HUNDREDTH)))
    if problems:
        raise ApplicationError(_("Nothing was imported:"), problems)
    existing = {
        (m.application_id, m.criterion_id): m
        for m in Mark.objects.filter(application__call=call).filter(
            Q(application__in=list(seen)) & Q(criterion__in=list(criteria.values()))
        )
    }
    new, changed = [], []
    for application, criterion, value in writes:
        mark = existing.get((application.pk, criterion.pk))
        if mark is None:
            new.append(Mark(application=application, criterion=criterion, value=value, entered_by=by))
        elif mark.value != value:
            mark.value, mark.entered_by, mark.entered_at = value, by, timezone.now()
            changed.append(mark)
    Mark.objects.bulk_create(new, batch_size=500)
    Mark.objects.bulk_update(changed, ["value", "entered_by", "entered_at"], batch_size=500)
    refresh_scores(call, list(seen))
    return len(new) + len(changed)
