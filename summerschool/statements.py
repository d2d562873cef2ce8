"""Reading bank statements: a CSV export (columns named in settings.BANK_CSV_COLUMNS) or an
ISO 20022 camt.053 XML file, into credit lines. Reads only; the import service records them.

Every line is read before anything is recorded: a line that cannot be read raises
`StatementError` naming it, and nothing of the file is imported.
"""

import csv
import hashlib
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _


class StatementError(Exception):
    """The file, or one of its lines, cannot be read: nothing is imported."""


@dataclass
class Line:
    key: str
    booked_on: date
    amount: Decimal
    reference: str
    payer: str


def _amount(text):
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    if "," in text and "." in text:
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    else:
        text = text.replace(",", ".")
    return Decimal(text)


def _date(text):
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _unreadable(where, value, what, column=""):
    """The refusal naming the line, the value and what it should be: staff fix the file and import it again."""
    value = (value or "").strip()
    if what == "date":
        if not value:
            problem = _("the date is missing")
        else:
            problem = _("“%(value)s” is not a date (write it 2026-11-20, 20/11/2026 or 20.11.2026)") % {
                "value": value
            }
    elif not value:
        problem = _("the amount is missing")
    else:
        problem = _("“%(value)s” is not an amount (write it 450.00 or 450,00)") % {"value": value}
    if column:
        problem = _("%(problem)s in the column “%(column)s”") % {"problem": problem, "column": column}
    return StatementError(
        _("%(where)s cannot be read: %(problem)s. Nothing was imported.")
        % {"where": where, "problem": problem}
    )


def _key(*parts):
    return "sha:" + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def read_csv(data: bytes):
    columns = settings.BANK_CSV_COLUMNS
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    missing = [
        c
        for c in (columns["date"], columns["amount"], columns["reference"])
        if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise StatementError(
            _("Columns missing from the file: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    lines, seen = [], {}
    for number, row in enumerate(reader, start=2):
        where = _("Line %(n)d") % {"n": number}
        try:
            booked_on = _date(row[columns["date"]])
        except (ValueError, TypeError) as exc:
            raise _unreadable(where, row[columns["date"]], "date", columns["date"]) from exc
        try:
            amount = _amount(row[columns["amount"]])
        except (ValueError, InvalidOperation, TypeError) as exc:
            raise _unreadable(where, row[columns["amount"]], "amount", columns["amount"]) from exc
        if amount <= 0:
            continue  # debits are not payments to us
        reference = (row.get(columns["reference"]) or "").strip()
        payer = (row.get(columns.get("payer", "")) or "").strip() if columns.get("payer") else ""
        bank_id = (row.get(columns.get("id", "")) or "").strip() if columns.get("id") else ""
        base = bank_id or _key(booked_on, amount, reference, payer)
        seen[base] = seen.get(base, 0) + 1  # two identical lines in one file are two transfers
        lines.append(Line(f"{base}#{seen[base]}", booked_on, amount, reference, payer))
    return lines


def _ns(tag):
    return tag.split("}", 1)[0] + "}" if tag.startswith("{") else ""


def read_camt053(data: bytes):
    try:
        root = ET.fromstring(data)  # noqa: S314 - see the import
    except ET.ParseError as exc:
        raise StatementError(
            _("The XML file cannot be read (%(error)s): nothing was imported.") % {"error": exc}
        ) from exc
    ns = _ns(root.tag)
    lines, seen = [], {}
    for number, entry in enumerate(root.iter(f"{ns}Ntry"), start=1):
        if (entry.findtext(f"{ns}CdtDbtInd") or "").strip() != "CRDT":
            continue
        where = _("Entry %(n)d") % {"n": number}
        try:
            amount = _amount(entry.findtext(f"{ns}Amt"))
        except (ValueError, InvalidOperation, TypeError) as exc:
            raise _unreadable(where, entry.findtext(f"{ns}Amt"), "amount") from exc
        booked = entry.findtext(f"{ns}BookgDt/{ns}Dt") or (entry.findtext(f"{ns}BookgDt/{ns}DtTm") or "")[:10]
        try:
            booked_on = _date(booked)
        except (ValueError, TypeError) as exc:
            raise _unreadable(where, booked, "date") from exc
        refs = [
            (el.text or "").strip()
            for path in (f".//{ns}CdtrRefInf/{ns}Ref", f".//{ns}RmtInf/{ns}Ustrd", f".//{ns}EndToEndId")
            for el in entry.findall(path)
            if (el.text or "").strip() and (el.text or "").strip() != "NOTPROVIDED"
        ]
        payer = (
            entry.findtext(f".//{ns}Dbtr/{ns}Nm") or entry.findtext(f".//{ns}Dbtr/{ns}Pty/{ns}Nm") or ""
        ).strip()
        bank_id = (entry.findtext(f"{ns}AcctSvcrRef") or entry.findtext(f"{ns}NtryRef") or "").strip()
        reference = " ".join(refs)
        base = bank_id or _key(booked_on, amount, reference, payer)
        seen[base] = seen.get(base, 0) + 1
        lines.append(Line(f"{base}#{seen[base]}", booked_on, amount, reference, payer))
    return lines


def read_statement(name: str, data: bytes):
    if name.lower().endswith(".xml") or data.lstrip().startswith(b"<"):
        return read_camt053(data)
    return read_csv(data)
