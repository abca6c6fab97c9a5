"""Mask personal data in comments before they are stored, embedded or shown in a report.

Masks e-mail addresses, phone numbers (French and international), IBANs, payment card numbers,
French social security numbers (NIR) and person names with ``[EMAIL]``, ``[PHONE]``, ``[IBAN]``,
``[CARD]``, ``[NIR]`` and ``[NAME]``. The number patterns are anchored on what makes each kind
distinctive, so prices ("149,99 €", "2 500 euros"), dates, years, scores like ``10/10``,
durations and order numbers like ``commande 12345678`` stay readable:

- phone: ``+``/``00`` and a country code, or a French ``0X`` number of 10 digits in groups of
  2 to 4 with one kind of separator ("06 12 34 56 78", "0612 345 678", "06 1234 5678");
- IBAN: a country code and two check digits, then groups of four (spaces or dashes);
- card: a Luhn-valid run of 13-19 digits, or, Luhn or not, one grouped like a card (four groups
  of four, Amex 4-6-5) or a contiguous run with a card network's prefix and length (a
  customer's typo does not make a card number less sensitive);
- NIR: sex digit, year, month, department, commune, order number and an optional key, spaced
  as printed on the card ("1 85 05 78 006 084 36") or contiguous, masked before the phone
  patterns that would otherwise take half of it.

Names are masked by ``verbatim.nlp.names`` (rules, then the French NER only where they hesitate);
``mask_texts`` batches that step, which is how ``verbatim.nlp.prepare`` calls it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from verbatim.nlp.names import NAME_PLACEHOLDER, mask_names

PLACEHOLDERS = ("[EMAIL]", "[PHONE]", "[IBAN]", "[CARD]", "[NIR]", NAME_PLACEHOLDER)
PLACEHOLDER_RE = re.compile(r"\[(?:EMAIL|PHONE|IBAN|CARD|NIR|NAME)\]")

_DIGIT_RE = re.compile(r"\d")
# The local part may hold an apostrophe (o'brien@…) but not start with one.
_EMAIL_RE = re.compile(
    r"(?<![\w.+'’-])[\w+-][\w.+'’-]*@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*"
    r"\.[^\W\d_]{2,}\b"
)
# Country code, two check digits, then 11-30 letters/digits, optionally in groups of four.
_IBAN_RE = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,4})?\b")
# NIR: sex, year, month (01-12, or 20-99 when unknown), department (2A/2B: Corsica), commune,
# order, optional key. Spaced as printed on the card, or contiguous with a real month.
_NIR_RE = re.compile(
    r"(?<![\w.,/+])[12](?:(?P<s>[ .-])\d{2}(?P=s)(?:0[1-9]|1[0-2]|[2-9]\d)(?P=s)(?:\d{2}|2[AB])"
    r"(?P=s)\d{3}(?P=s)\d{3}(?:(?P=s)\d{2})?|\d{2}(?:0[1-9]|1[0-2])(?:\d{2}|2[AB])\d{6}(?:\d{2})?)"
    r"(?![\w/]|[.,]\d)"
)
# 13 to 19 digits, optionally separated by single spaces or dashes.
_CARD_RE = re.compile(r"(?<![\w.,/])\d(?:[ -]?\d){12,18}(?![\w/]|[.,]\d)")
_CARD_GROUPED_RE = re.compile(r"\d{4}([ -])\d{4}\1\d{4}\1\d{4}|3[47]\d{2}([ -])\d{6}\2\d{5}")
# Issuer prefixes and lengths (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay).
_CARD_PREFIX_RE = re.compile(
    r"4(?:\d{12}|\d{15}|\d{18})|(?:5[1-5]\d{2}|222[1-9]|22[3-9]\d|2[3-6]\d{2}|27[01]\d|2720)\d{12}"
    r"|3[47]\d{13}|(?:6011|64[4-9]\d|65\d{2}|62\d{2})\d{12,15}|35(?:2[89]|[3-8]\d)\d{12,15}"
    r"|3(?:0[0-5]|[68]\d)\d{11}"
)
# French national numbers: 0X, then 10 digits in groups of 2-4 with one kind of separator
# (checked in _mask_french_phone, so that dates and amounts don't match).
_PHONE_FR_RE = re.compile(r"(?<![\w.,/+])0[1-9]\d{0,2}(?:[ .-]?\d{2,4}){1,4}(?![\w/]|[.,]\d)")
_PHONE_FR_GROUP_RE = re.compile(r"([ .-]?)(\d+)")
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
    raw = re.sub("[ -]", "", match.group(0))
    # An IBAN is mostly digits; this keeps words like "ab12 cdef ghij" out.
    if 15 <= len(raw) <= 34 and sum(c.isdigit() for c in raw) >= 10:
        return "[IBAN]"
    return match.group(0)


def _mask_card(match: re.Match[str]) -> str:
    raw = match.group(0)
    digits = re.sub(r"\D", "", raw)
    if (
        _luhn_valid(digits)
        or _CARD_GROUPED_RE.fullmatch(raw)
        or (digits == raw and _CARD_PREFIX_RE.fullmatch(digits))
    ):
        return "[CARD]"
    return raw


def _mask_french_phone(match: re.Match[str]) -> str:
    """``[PHONE]`` for the groups that make 10 digits with one separator; the rest kept."""
    raw = match.group(0)
    n_digits = 0
    separators = set()
    for group in _PHONE_FR_GROUP_RE.finditer(raw):
        sep, digits = group.groups()
        if sep:
            separators.add(sep)
        n_digits += len(digits)
        if len(separators) > 1 or n_digits > 10:
            break
        if n_digits == 10:
            return "[PHONE]" + raw[group.end() :]
    return raw


def _mask_intl_phone(match: re.Match[str]) -> str:
    n_digits = sum(c.isdigit() for c in match.group(0))
    return "[PHONE]" if 8 <= n_digits <= 15 else match.group(0)


def _mask_patterns(text: str) -> str:
    """``text`` with e-mails, phone numbers, IBANs, NIRs and card numbers replaced."""
    if "@" in text:
        text = _EMAIL_RE.sub("[EMAIL]", text)
    if not _DIGIT_RE.search(text):  # every pattern below needs a decimal digit
        return text
    text = _IBAN_RE.sub(_mask_iban, text)
    text = _NIR_RE.sub("[NIR]", text)
    text = _PHONE_INTL_RE.sub(_mask_intl_phone, text)
    text = _PHONE_FR_RE.sub(_mask_french_phone, text)
    text = _PHONE_NA_RE.sub("[PHONE]", text)
    text = _CARD_RE.sub(_mask_card, text)
    return text


def mask_texts(texts: Sequence[str], *, names: bool = True) -> list[str]:
    """Return ``texts`` with every kind of personal data replaced by its placeholder.

    Args:
        texts: Normalised comments (``verbatim.nlp.normalize.normalize_text``).
        names: False masks only the patterned kinds (no name rules, no NER).

    Returns:
        One masked text per input, in order.
    """
    masked = [_mask_patterns(text) for text in texts]
    return mask_names(masked) if names else masked


def mask_pii(text: str, *, names: bool = True) -> str:
    """Return ``text`` with e-mails, phones, IBANs, cards, NIRs and person names masked."""
    return mask_texts([text], names=names)[0]
