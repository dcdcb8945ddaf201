"""CSV that spreadsheets open safely: a cell that begins like a formula is written as text.

Excel, LibreOffice and Google Sheets run a cell starting with = + - @ (or a tab or carriage return,
which some of them skip before looking) as a formula, so a member named `=HYPERLINK(...)` could
otherwise plant a live link or command in a coordinator's export (OWASP, "CSV injection"). Such
text cells get a leading apostrophe, which spreadsheets show as text; numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: safe_cell(value) for key, value in row.items()} for row in rows]
