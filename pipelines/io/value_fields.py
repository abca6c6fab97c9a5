"""The value and retention columns of an export: their header words and how their cells read.

Two optional fields sit beside the canonical ones (``verbatim.pipelines.io.ingest``): ``value`` (revenue,
contract value, basket: an amount >= 0) and ``retention`` (churned, renewed, still a customer),
stored as ``retained`` (True = still a customer). Both are recognised from common French and
English headers or mapped with ``--map value=HEADER --map retention=HEADER``.

Amounts are read in French and English forms: ``1 234,56 €``, ``$1,234.56``, ``1.234,56``,
``12,5 k€``. A lone separator followed by three digits (``1,234``) is ambiguous; the column
decides: where other cells of the column write decimals with a comma (``12,50``) it is a
decimal comma, else a thousands separator (amounts rarely have three decimals).

Retention reads yes/no, oui/non, 1/0, true/false, vrai/faux, and words that carry their own
direction (churned, résilié, cancelled, lost → not retained; renewed, renouvelé, active,
still a customer → retained). For yes/no the header decides the direction: a header about
leaving (churn, résilié, cancelled, lost…) means "yes = left".

A cell that cannot be read does not cost the response its score and comment: the field is left
empty and the run says how many cells were left empty, and where (``OptionalFields.notes``).
Blank-like cells (``-``, ``n/a``, ``NC``, ``?``, ``inconnu``) are empty without a note.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from verbatim.nlp.normalize import strip_accents

OPTIONAL = ("value", "retention")
# the column each optional field is stored as
COLUMN = {"value": "value", "retention": "retained"}

# Normalised header synonyms (lowercase, no accents, punctuation as spaces), as ingest's.
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "value": (
        "revenue", "revenu", "revenus", "annual revenue", "chiffre d affaires", "ca", "ca annuel",
        "ca ht", "ca ttc", "montant", "montant commande", "montant total", "amount",
        "order value", "order amount", "contract value", "valeur du contrat", "valeur contrat",
        "customer value", "valeur client", "basket", "basket value", "basket size", "panier",
        "panier moyen", "valeur panier", "montant panier", "spend", "annual spend", "depense",
        "depenses", "arr", "mrr", "acv", "ltv", "clv", "lifetime value", "turnover",
    ),
    "retention": (
        "retention", "retained", "renewed", "renewal", "renouvele", "renouvellement",
        "still customer", "still a customer", "still client", "client actif", "active customer",
        "customer active", "actif", "active", "toujours client", "encore client", "churn",
        "churned", "churn flag", "resilie", "resiliation", "a resilie", "cancelled", "canceled",
        "cancellation", "lost customer", "client perdu", "attrition", "statut client",
        "customer status",
    ),
}
# Headers that contain a synonym but mean something else (a bucket, a date, a reason).
NOT_FIELD: dict[str, tuple[str, ...]] = {
    "value": (
        "tranche", "categorie", "category", "segment", "type", "class", "classe", "bucket",
        "band", "id", "code", "date", "devise", "currency",
    ),
    "retention": ("date", "motif", "reason", "raison", "cause", "commentaire", "comment"),
}
# A retention header with one of these words asks "did they leave?": yes means not retained.
LEAVING_WORDS = (
    "churn", "churned", "resilie", "resiliation", "cancelled", "canceled", "cancellation",
    "cancel", "lost", "perdu", "attrition", "parti", "depart", "left",
)
# Cell values, normalised. Yes/no follow the header's direction; the others carry their own.
YES = frozenset({"yes", "y", "oui", "o", "true", "vrai", "1", "x"})
NO = frozenset({"no", "n", "non", "false", "faux", "0"})
RETAINED = frozenset({
    "renewed", "renouvele", "renouvelee", "retained", "active", "actif", "active customer",
    "client actif", "still customer", "still a customer", "toujours client", "stayed", "customer",
    "client", "fidele", "loyal", "current", "en cours",
})
NOT_RETAINED = frozenset({
    "churned", "churn", "resilie", "resiliee", "cancelled", "canceled", "lost", "perdu",
    "perdue", "parti", "partie", "left", "inactive", "inactif", "inactive customer",
    "ex client", "former customer", "not renewed", "non renouvele", "non renouvelee",
    "client perdu",
})
# fmt: on
BLANK = frozenset({"", "-", "--", "n a", "na", "nc", "n c", "nd", "n d", "?", "unknown", "inconnu"})

_CURRENCY = re.compile(
    r"(?i)(?:€|\$|£|¥|\b(?:eur|euros?|usd|gbp|chf|cad|us|ht|ttc)\b|\bdollars?\b)"
)
_SPACES = re.compile(r"[\s\u00a0\u202f'\u2019]+")
_NUMBER = re.compile(r"^(\d[\d.,]*)([kKmM]?)$")
_DECIMAL_COMMA = re.compile(r"\d,\d{1,2}$|\.\d{3},\d+$")
_DECIMAL_POINT = re.compile(r"\d\.\d{1,2}$|,\d{3}\.\d+$")


def fold(text: str) -> str:
    """Lowercase, accents stripped, punctuation and underscores as spaces (ingest's ``_norm``)."""
    text = strip_accents(str(text)).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def leaving_header(header: str) -> bool:
    """Whether a retention header asks whether the customer left (``Churn``, ``Résilié``)."""
    padded = f" {fold(header)} "
    return any(f" {word} " in padded for word in LEAVING_WORDS)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and fold(value) in BLANK and not value.strip().isdigit()


def decimal_comma(values: Iterable[Any]) -> bool:
    """Whether a column writes decimals with a comma: more cells say so than say the opposite."""
    comma = point = 0
    for value in values:
        if not isinstance(value, str):
            continue
        text = _SPACES.sub("", _CURRENCY.sub("", value)).strip()
        comma += bool(_DECIMAL_COMMA.search(text))
        point += bool(_DECIMAL_POINT.search(text))
    return comma > point


def parse_amount(value: Any, *, comma_decimal: bool = False) -> tuple[float | None, str | None]:
    """An amount >= 0 from a cell; ``(None, None)`` when blank, ``(None, reason)`` when unread.

    Args:
        value: the cell (text, number or blank).
        comma_decimal: the column writes decimals with a comma (``decimal_comma``); decides a
            lone separator followed by three digits.
    """
    if _blank(value):
        return None, None
    if isinstance(value, bool):
        return None, f"'{value}' is not an amount"
    if isinstance(value, int | float | Decimal):
        number = float(value)
    else:
        text = _SPACES.sub("", _CURRENCY.sub("", str(value))).strip()
        negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
        match = _NUMBER.match(text.strip("()").lstrip("-+"))
        if match is None:
            return None, f"'{value}' is not an amount (e.g. 1 234,56 € or $1,234.56)"
        number = _read_digits(match.group(1), comma_decimal=comma_decimal)
        if number is None:
            return None, f"'{value}' has separators that do not read as an amount"
        number *= {"k": 1e3, "m": 1e6}.get(match.group(2).lower(), 1.0)
        number = -number if negative else number
    if not math.isfinite(number):
        return None, f"'{value}' is not a finite amount"
    if number < 0:
        return None, f"'{value}' is negative; a value is an amount >= 0"
    return number, None


def _read_digits(text: str, *, comma_decimal: bool) -> float | None:
    """Digits with ``.``/``,`` separators as a number, or None when the groups do not fit."""
    commas, points = text.count(","), text.count(".")
    if commas and points:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas + points == 0:
        return float(text)
    else:
        sep = "," if commas else "."
        count = commas or points
        lone_thousands = count == 1 and re.fullmatch(r"\d{1,3}[.,]\d{3}", text) is not None
        if count > 1:
            decimal = "." if sep == "," else ","  # several: thousands separators
        elif lone_thousands:  # 1,234 or 1.234: the column's habit decides
            decimal = sep if (sep == ",") == comma_decimal else ("." if sep == "," else ",")
        else:
            decimal = sep
    thousands = "." if decimal == "," else ","
    if decimal in text:
        whole, _, fraction = text.rpartition(decimal)
    else:
        whole, fraction = text, ""
    groups = whole.split(thousands)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    if thousands in fraction or decimal in whole:
        return None
    digits = "".join(groups) + ("." + fraction if fraction else "")
    try:
        return float(digits)
    except ValueError:
        return None


def parse_retention(value: Any, *, leaving: bool = False) -> tuple[bool | None, str | None]:
    """Whether the customer is retained; ``(None, None)`` when blank, ``(None, reason)`` unread.

    Args:
        value: the cell: yes/no, oui/non, 1/0, true/false, or a word with its own direction.
        leaving: the header asks whether the customer left (``leaving_header``): yes = left.
    """
    if _blank(value):
        return None, None
    if isinstance(value, bool):
        key = "true" if value else "false"
    elif isinstance(value, int | float | Decimal) and float(value) in (0.0, 1.0):
        key = str(int(value))
    else:
        key = fold(str(value))
    if key in RETAINED:
        return True, None
    if key in NOT_RETAINED:
        return False, None
    if key in YES or key in NO:
        return (key in YES) != leaving, None
    return None, (
        f"'{value}' is not a retention answer (yes/no, oui/non, 1/0, true/false, "
        "churned/renewed, résilié/renouvelé)"
    )


class OptionalFields:
    """Reads the value and retention cells of an export's rows, noting the cells left empty.

    Built once per file from the header and the mapping; ``read(row, line)`` gives the stored
    columns of one row, ``notes()`` the warnings of the whole file.
    """

    SHOWN_LINES = 5

    def __init__(
        self,
        headers: Sequence[str],
        mapping: Mapping[str, str],
        rows: Iterable[Sequence[Any]],
        *,
        formula: type | None = None,
    ) -> None:
        """Find the fields' columns, the retention header's direction and the decimal habit.

        ``formula``: the type of a workbook formula cell without a saved value (left empty).
        """
        self.formula = formula
        self.fields = {
            name: (headers.index(mapping[name]), mapping[name])
            for name in OPTIONAL
            if name in mapping
        }
        self.columns = [COLUMN[name] for name in self.fields]
        self.leaving = "retention" in self.fields and leaving_header(self.fields["retention"][1])
        self.comma = False
        if "value" in self.fields:
            i = self.fields["value"][0]
            self.comma = decimal_comma(r[i] for r in rows if len(r) > i)
        self._unread: dict[str, list[tuple[int, Any, str]]] = {name: [] for name in self.fields}
        self._memo: dict[tuple[str, str], tuple[Any, str | None]] = {}

    def read(self, row: Sequence[Any], line: int) -> dict[str, Any]:
        """The stored columns of one row (``value``, ``retained``), None where not read."""
        out: dict[str, Any] = {}
        for name, (i, _header) in self.fields.items():
            cell = row[i] if len(row) > i else None
            key = (name, cell) if isinstance(cell, str) else None
            parsed = self._memo.get(key) if key else None
            if parsed is None:
                parsed = self._parse(name, cell)
                if key:
                    self._memo[key] = parsed
            value, reason = parsed
            if reason is not None:
                self._unread[name].append((line, cell, reason))
            out[COLUMN[name]] = value
        return out

    def _parse(self, name: str, cell: Any) -> tuple[Any, str | None]:
        if self.formula is not None and type(cell) is self.formula:
            return None, f"formula {cell} has no saved value"
        if name == "value":
            return parse_amount(cell, comma_decimal=self.comma)
        return parse_retention(cell, leaving=self.leaving)

    def notes(self) -> list[str]:
        """One warning per field with unread cells: how many, the first lines and reasons."""
        notes = []
        for name, unread in self._unread.items():
            if not unread:
                continue
            header = self.fields[name][1]
            shown = "; ".join(
                f"line {line}: {reason}" for line, _, reason in unread[: self.SHOWN_LINES]
            )
            more = len(unread) - self.SHOWN_LINES
            more_text = f" (and {more} more)" if more > 0 else ""
            notes.append(
                f"{len(unread)} cell(s) of '{header}' ({name}) could not be read and were left "
                f"empty; the responses are kept: {shown}{more_text}"
            )
        if self.leaving:
            notes.append(
                f"'{self.fields['retention'][1]}' asks whether the customer left: yes/1/true "
                "is read as not retained"
            )
        return notes
