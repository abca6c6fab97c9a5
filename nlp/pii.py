"""Mask personal data in comments before they are stored, embedded or shown in a report.

Masks e-mail addresses, phone numbers (French and international), IBANs and payment card
numbers with ``[EMAIL]``, ``[PHONE]``, ``[IBAN]`` and ``[CARD]``. The patterns are anchored on
what makes each kind distinctive (a ``+``/``00``/``0X`` prefix with regular digit groups, a
country code with check digits, a Luhn check), so prices, dates, years, scores like ``10/10``
and order numbers like ``commande 123456`` stay readable.
"""

from __future__ import annotations

import re

PLACEHOLDERS = ("[EMAIL]", "[PHONE]", "[IBAN]", "[CARD]")
PLACEHOLDER_RE = re.compile(r"\[(?:EMAIL|PHONE|IBAN|CARD)\]")

_DIGIT_RE = re.compile(r"\d")
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}\b"
)
# Country code, two check digits, then 11-30 letters/digits, optionally in groups of four.
_IBAN_RE = re.compile(r"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?\b")
# 13 to 19 digits, optionally separated by single spaces or dashes.
_CARD_RE = re.compile(r"(?<![\w.,/])\d(?:[ -]?\d){12,18}(?![\w/]|[.,]\d)")
# French national numbers: 0X then four pairs, one consistent separator (so dates don't match).
_PHONE_FR_RE = re.compile(
    r"(?<![\w.,/+])0[1-9](?P<sep>[ .-]?)\d{2}(?:(?P=sep)\d{2}){3}(?![\w/]|[.,]\d)"
)
# International: +CC or 00CC, an optional "(0)", then digit groups; 8 to 15 digits in all.
_PHONE_INTL_RE = re.compile(
    r"(?<![\w+])(?:\+[1-9]\d{0,2}|\b00[1-9]\d{0,2})(?:[ .-]?\(0\))?(?:[ .-]?\(?\d{1,5}\)?){1,6}"
    r"(?![\w/]|[.,]\d)"
)
# North American local form: (555) 123-4567.
_PHONE_NA_RE = re.compile(r"(?<![\w)])\(\d{3}\) ?\d{3}[ .-]\d{4}\b")


def _luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _mask_iban(match: re.Match[str]) -> str:
    raw = match.group(0).replace(" ", "")
    # An IBAN is mostly digits; this keeps words like "ab12 cdef ghij" out.
    if 15 <= len(raw) <= 34 and sum(c.isdigit() for c in raw) >= 10:
        return "[IBAN]"
    return match.group(0)


def _mask_card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[CARD]" if _luhn_valid(digits) else match.group(0)


def _mask_intl_phone(match: re.Match[str]) -> str:
    n_digits = sum(c.isdigit() for c in match.group(0))
    return "[PHONE]" if 8 <= n_digits <= 15 else match.group(0)


def mask_pii(text: str) -> str:
    """Return ``text`` with e-mails, phone numbers, IBANs and card numbers replaced by placeholders."""
    if "@" in text:
        text = _EMAIL_RE.sub("[EMAIL]", text)
    if not _DIGIT_RE.search(text):  # every pattern below needs a decimal digit
        return text
    text = _IBAN_RE.sub(_mask_iban, text)
    text = _PHONE_INTL_RE.sub(_mask_intl_phone, text)
    text = _PHONE_FR_RE.sub("[PHONE]", text)
    text = _PHONE_NA_RE.sub("[PHONE]", text)
    text = _CARD_RE.sub(_mask_card, text)
    return text
