"""Who owns each theme, and so each comment: the analyst's map applied to the theme registry.

A rule names a theme by its id, by one of its labels (French or English, any case) or by the
glossary concept its labels come from (``themes.concept``), and gives it an owner such as
``service`` (interaction with staff), ``product``, ``pricing``, ``digital`` or ``partner``
(dealer, franchisee, carrier). For each theme the most specific rule wins: its id, then its
label, then its concept; a theme that no rule names inherits its parent's owner (roll-ups are
themes too). A response is owned by the owners of the themes its comment mentions, each with
the theme that gave it, so a follow-up list says why a row went to whom.

Pure functions over frames: reading and writing the map is ``verbatim.pipelines.steps.owners``' job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from verbatim.models.frames import isin

MATCHES = ("theme", "label", "concept")  # most specific first
OWNER_COLUMNS = ["theme_id", "owner", "owner_source", "owner_theme_id", "owner_rule"]
# owner names become file names (callback_partner.csv): short, lowercase, no path characters
_OWNER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# the follow-up lists' own suffixes: an owner with one of these names would overwrite a list
RESERVED_OWNERS = frozenset({"detractors", "promoters", "nonrespondents"})
SUGGESTED_OWNERS = ("service", "product", "pricing", "digital", "partner")


def check_owner(name: object) -> str:
    """An owner name, trimmed and lowercased, or ValueError saying what a name may hold."""
    text = str(name).strip().lower() if name is not None else ""
    if not _OWNER_NAME.match(text) or text in RESERVED_OWNERS:
        why = (
            f"'{text}' names a follow-up list itself"
            if text in RESERVED_OWNERS
            else "an owner name is 1-32 lowercase letters, digits or underscores, starting with "
            "a letter (it names a file: callback_<owner>.csv)"
        )
        raise ValueError(f"Invalid owner {name!r}: {why}; e.g. {', '.join(SUGGESTED_OWNERS)}.")
    return text


def label_key(label: object) -> str:
    """How a label rule matches: casefolded, whitespace collapsed."""
    return " ".join(str(label).casefold().split())


def theme_owners(themes: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """The owner of each theme under ``rules``, and where it comes from.

    Args:
        themes: theme_id, and where present label_fr, label_en, concept, parent_id.
        rules: match_on (theme | label | concept), match_value, owner.

    Returns:
        One row per theme: theme_id, owner (None when no rule reaches it), owner_source
        (theme | label | concept | parent), owner_theme_id (the theme whose rule gave it:
        itself, or its parent), owner_rule (that rule's match_value).
    """
    own: dict[int, tuple[str, str, str]] = {}
    by = {m: {} for m in MATCHES}
    for rec in rules.to_dict("records") if len(rules) else []:
        if rec.get("match_on") in by and rec.get("owner"):
            by[rec["match_on"]][str(rec["match_value"])] = rec["owner"]
    for rec in themes.to_dict("records"):
        tid = int(rec["theme_id"])
        labels = [label_key(rec[c]) for c in ("label_fr", "label_en") if _present(rec.get(c))]
        concept = rec.get("concept")
        for match, keys in (
            ("theme", [str(tid)]),
            ("label", labels),
            ("concept", [str(concept)] if _present(concept) else []),
        ):
            key = next((k for k in keys if k in by[match]), None)
            if key is not None:
                own[tid] = (by[match][key], match, key)
                break
    rows = []
    for rec in themes.to_dict("records"):
        tid = int(rec["theme_id"])
        parent = rec.get("parent_id")
        parent = int(parent) if _present(parent) else None
        if tid in own:
            rows.append((tid, own[tid][0], own[tid][1], tid, own[tid][2]))
        elif parent is not None and parent in own:
            rows.append((tid, own[parent][0], "parent", parent, own[parent][2]))
        else:
            rows.append((tid, None, None, None, None))
    out = pd.DataFrame(rows, columns=OWNER_COLUMNS, dtype=object)  # None where no owner
    return out.astype({"theme_id": "int64", "owner_theme_id": "Int64"})


def _present(value: object) -> bool:
    if value is None or value is pd.NA:
        return False
    try:
        return not bool(pd.isna(value)) and str(value).strip() != ""
    except (TypeError, ValueError):
        return True


def reason(row: dict, labels: dict[int, str]) -> str:
    """Why a theme has its owner, in words: ``#12 Dealership (concept dealership)``."""
    tid = int(row["theme_id"])
    text = f"#{tid} {labels.get(tid, f'theme {tid}')}"
    source = row["owner_source"]
    if source == "parent":
        parent = int(row["owner_theme_id"])
        return f"{text} (parent #{parent} {labels.get(parent, f'theme {parent}')})"
    if source == "concept":
        return f"{text} (concept {row['owner_rule']})"
    return f"{text} ({'theme id' if source == 'theme' else 'label'})"


def response_owners(
    mention_themes: pd.DataFrame,
    owners: pd.DataFrame,
    labels: dict[int, str],
    response_ids: Iterable[str],
) -> pd.DataFrame:
    """Per response, the owners of the themes it mentions and which theme gave each.

    Args:
        mention_themes: response_id, theme_id (and position: owners follow mention order).
        owners: ``theme_owners`` output.
        labels: theme_id → the label to show.
        response_ids: the responses wanted; those without an owned theme get empty text.

    Returns:
        response_id, owners ("partner; service"), owner_reasons
        ("partner ← #12 Dealership (concept dealership); service ← #4 Rude staff (parent …)").
    """
    ids = pd.Series(list(response_ids), dtype=object)
    empty = pd.DataFrame({"response_id": ids, "owners": "", "owner_reasons": ""})
    if mention_themes is None or mention_themes.empty or owners.empty:
        return empty
    mt = mention_themes[isin(mention_themes["response_id"], ids)]
    if "position" in mt.columns:
        mt = mt.sort_values(["response_id", "position"], kind="stable")
    mt = mt[["response_id", "theme_id"]].dropna()
    mt = mt.assign(theme_id=mt["theme_id"].astype("int64"))
    mt = mt[mt["theme_id"] >= 0].drop_duplicates()
    owned = owners[owners["owner"].notna()]
    why = {int(r["theme_id"]): (r["owner"], reason(r, labels)) for r in owned.to_dict("records")}
    per: dict[str, dict[str, list[str]]] = {}
    for rid, tid in zip(mt["response_id"], mt["theme_id"], strict=True):
        if tid in why:
            owner, text = why[tid]
            per.setdefault(rid, {}).setdefault(owner, []).append(text)
    names = {rid: "; ".join(o) for rid, o in per.items()}
    reasons = {
        rid: "; ".join(f"{owner} ← {', '.join(texts)}" for owner, texts in o.items())
        for rid, o in per.items()
    }
    return empty.assign(
        owners=ids.map(names).fillna("").astype(object),
        owner_reasons=ids.map(reasons).fillna("").astype(object),
    )
