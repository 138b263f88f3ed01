"""CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection").

A text cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before reading one of those) is a formula to Excel, LibreOffice and Google
Sheets: a title like `=HYPERLINK(...)` would run on the machine that opens the export. Such a
cell is written with a leading `'`, which spreadsheets show as text. Numbers the exports write
from numeric columns (ids, counts, hours) are left alone: they are numbers, not text a user
typed. The imports read the `'` back off, so an export still round-trips.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: str) -> str:
    """The text as a CSV cell that no spreadsheet evaluates."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def read_text_cell(value: str) -> str:
    """Undo `text_cell()` on a cell read from an import."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
