"""The names of every drug, class and regimen, indexed for lookup and for scanning running text."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from kg.vocab.table import EntryKind, VocabTable
from kg.vocab.terms import DoseLevel, MatchMethod


class Kind(StrEnum):
    """What a name denotes."""

    DRUG = "DRUG"
    CLASS = "CLASS"
    REGIMEN = "REGIMEN"


ALL_KINDS = frozenset(Kind)
SUBSTANCES = frozenset({Kind.DRUG, Kind.CLASS})
REGIMENS = frozenset({Kind.REGIMEN})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One thing a name may denote, how the name matched, and a dose level the name carries."""

    kind: Kind
    target: str
    method: MatchMethod
    level: DoseLevel | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A span of text that matches names in the lexicon (character offsets)."""

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class _Form:
    raw: str
    case_sensitive: bool
    candidate: Candidate


# Order of preference when one name reaches the same target in several ways.
_METHOD_RANK = {m: n for n, m in enumerate((
    MatchMethod.EXACT_LABEL, MatchMethod.SYNONYM, MatchMethod.ABBREVIATION, MatchMethod.BRAND,
    MatchMethod.SALT_FORM, MatchMethod.SPELLING_VARIANT))}

# Salts and esters under which an ingredient is given; "X hydrochloride" resolves to X.
SALTS = ("hydrochloride", "hcl", "phosphate", "fumarate", "tosylate", "mesylate", "citrate",
         "sodium", "sulfate", "sulphate", "acetate", "maleate", "succinate", "besylate",
         "disodium", "dimeglumine")

# The usual abbreviations of cytarabine dose levels: L/Lo low, I intermediate, Hi/HD high.
LEVEL_ABBREVIATIONS: dict[str, DoseLevel] = {
    "ldac": DoseLevel.LOW, "lodac": DoseLevel.LOW, "idac": DoseLevel.INTERMEDIATE,
    "hidac": DoseLevel.HIGH, "hdac": DoseLevel.HIGH, "hdarac": DoseLevel.HIGH,
}
_LEVEL_WORDS = re.compile(r"\b(low|intermediate|high)[- ]dose\b", re.I)

TOKEN = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u0370-\u03FF]+")
_JOINER = re.compile(r"[\s\-\u2010-\u2013+/&.'\u2019()]{1,3}")
_QUALIFIER = re.compile(r"\s*\([^)]*\)")
_GREEK = {"\u03b1": "alpha", "\u03b2": "beta", "\u03b3": "gamma"}


def fold(text: str) -> str:
    """Accents and Greek letters folded to ASCII, case kept."""
    for greek, word in _GREEK.items():
        text = text.replace(greek, word)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """The key a name is matched by: lower-case letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


def _alnum(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", fold(text))


def variants(name: str) -> set[str]:
    """Spellings of a name met in records: -in/-ine endings, alpha for alfa, PEG spelled out."""
    out = set()
    words = name.split(" ")
    toggled = [w + "e" if w.endswith("in") else w[:-1] if w.endswith("ine") else w for w in words]
    out.add(" ".join(toggled))
    for form in (name, " ".join(toggled)):
        if "alfa" in form:
            out.add(form.replace("alfa", "alpha"))
    for form in list(out | {name}):
        if form.startswith("peg") and len(form) > 6 and form[3] != "-":
            rest = form[3:]
            for prefix in ("pegylated ", "polyethylene glycol ", "peg-", "PEG "):
                out.add(prefix + rest)
    out.discard(name)
    return out


def _case_sensitive(form: str) -> bool:
    """Short names with capitals (GO, DAC, VEN, MEC, FLAG) match only in capitals."""
    return len(_alnum(form)) <= 4 and form != form.lower()


class Lexicon:
    """Every name of the tables under its compact key, for lookup and longest-match scanning."""

    def __init__(self, table: VocabTable) -> None:
        self.table = table
        self._forms: dict[str, list[_Form]] = {}
        self.max_tokens = 1
        for entry in table.drugs.values():
            kind = Kind.CLASS if entry.kind is EntryKind.CLASS else Kind.DRUG
            self._add(entry.name, kind, entry.id, MatchMethod.EXACT_LABEL)
            for text in entry.synonyms:
                self._add(text, kind, entry.id, MatchMethod.SYNONYM)
            for text in entry.abbreviations:
                self._add(text, kind, entry.id, MatchMethod.ABBREVIATION)
            for text in entry.brands:
                self._add(text, kind, entry.id, MatchMethod.BRAND)
            for text in (entry.name, *entry.synonyms):
                for variant in variants(_QUALIFIER.sub("", text)):
                    self._add(variant, kind, entry.id, MatchMethod.SPELLING_VARIANT)
            if kind is Kind.DRUG:
                for salt in SALTS:
                    self._add(f"{entry.name} {salt}", kind, entry.id, MatchMethod.SALT_FORM)
        for reg in table.regimens.values():
            self._add(reg.name, Kind.REGIMEN, reg.id, MatchMethod.EXACT_LABEL)
            for text in reg.aliases:
                self._add(text, Kind.REGIMEN, reg.id, MatchMethod.SYNONYM)

    def _add(self, text: str, kind: Kind, target: str, method: MatchMethod) -> None:
        text = text.strip()
        key = compact(text)
        if not key:
            return
        level = LEVEL_ABBREVIATIONS.get(key) if kind is not Kind.CLASS else None
        words = _LEVEL_WORDS.search(text)
        if words:
            level = DoseLevel(words.group(1).upper())
        form = _Form(text, _case_sensitive(text), Candidate(kind, target, method, level))
        self._forms.setdefault(key, []).append(form)
        self.max_tokens = max(self.max_tokens, len(TOKEN.findall(fold(text))))

    def _matches(self, raw: str, key: str, kinds: frozenset[Kind]) -> list[Candidate]:
        found: dict[tuple[Kind, str], Candidate] = {}
        for form in self._forms.get(key, ()):
            cand = form.candidate
            if cand.kind not in kinds:
                continue
            if form.case_sensitive and _alnum(raw) not in (_alnum(form.raw),
                                                           _alnum(form.raw).upper()):
                continue
            if key.isdigit() and re.sub(r"\s", "", raw) != re.sub(r"\s", "", form.raw):
                continue
            old = found.get((cand.kind, cand.target))
            if old is None or _METHOD_RANK.get(cand.method, 9) < _METHOD_RANK.get(old.method, 9):
                found[(cand.kind, cand.target)] = cand
        return list(found.values())

    def lookup(self, raw: str, kinds: frozenset[Kind] = ALL_KINDS) -> tuple[Candidate, ...]:
        """What a whole name may denote (a plural class name too), best interpretation first.

        A name shared by a class and one of its members denotes the class ("G-CSF").
        """
        raw = raw.strip()
        key = compact(raw)
        cands = self._matches(raw, key, kinds)
        if not cands and key.endswith("s") and len(key) > 5 and Kind.CLASS in kinds:
            cands = self._matches(raw[:-1], key[:-1], frozenset({Kind.CLASS}))
        classes = {c.target for c in cands if c.kind is Kind.CLASS}
        members = {m for t in classes for m in self.table.drugs[t].members}
        cands = [c for c in cands if not (c.kind is Kind.DRUG and c.target in members)]
        order = {Kind.REGIMEN: 0, Kind.CLASS: 1, Kind.DRUG: 2}
        return tuple(sorted(cands, key=lambda c: (order[c.kind], c.target)))

    def scan(self, text: str, kinds: frozenset[Kind] = ALL_KINDS) -> Iterator[Hit]:
        """Longest matches of names of some kinds in running text, left to right."""
        tokens = list(TOKEN.finditer(text))
        keys = [compact(t.group(0)) for t in tokens]  # a span's key is its tokens' keys joined
        joined = [_JOINER.fullmatch(text, a.end(), b.start()) is not None
                  for a, b in itertools.pairwise(tokens)]
        i = 0
        while i < len(tokens):
            reach = i + 1
            while reach < len(tokens) and reach - i < self.max_tokens and joined[reach - 1]:
                reach += 1
            for j in range(reach, i, -1):
                key = "".join(keys[i:j])
                if key not in self._forms and not (key[-1:] == "s" and key[:-1] in self._forms):
                    continue
                start, end = tokens[i].start(), tokens[j - 1].end()
                cands = self.lookup(text[start:end], kinds)
                if cands:
                    if text.count("(", start, end) > text.count(")", start, end) \
                            and text.startswith(")", end):
                        end += 1  # "7+3 (idarubicin)" keeps its closing bracket
                    yield Hit(start, end, text[start:end], cands)
                    i = j
                    break
            else:
                i += 1


@lru_cache(maxsize=4)
def lexicon_for(table: VocabTable) -> Lexicon:
    """The lexicon of a table, built once."""
    return Lexicon(table)
