"""Drug lists -> the alternative combinations they offer, and the words no name explains."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.vocab.lexicon import Kind
from kg.vocab.terms import DoseLevel, MatchMethod

Level = tuple[int, int, list[DoseLevel]]


@dataclass
class Atom:
    """A name found in a text (or unresolved words), while a reading is being worked out."""

    start: int
    end: int
    text: str
    kind: Kind | None
    target: str | None
    method: MatchMethod | None
    note: str = ""
    levels: list[DoseLevel] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    member_of: Atom | None = None


_GAP = re.compile(
    r"(?P<lp>\()|(?P<rp>\))"
    r"|(?P<alone>\balone\s+or\s+(?:in\s+combination\s+)?with\b|\bwith\s+or\s+without\b"
    r"|\bor\s+in\s+combination\s+with\b)"
    r"|(?P<or>\bor\b)"
    r"|(?P<and>\band\b|\bplus\b|\bin\s+combination\s+with\b|\bcombined\s+with\b"
    r"|\bfollowed\s+by\b|\bwith\b|[+,;&/]|[-\u2013])"
    r"|(?P<word>[^\s()+,;&/]+)", re.I)
# Words of a drug list that name no drug: they are neither mentions nor unresolved.
FILLER = frozenset((
    "single", "agent", "agents", "alone", "regimen", "regimens", "therapy", "therapies",
    "treatment", "treatments", "chemotherapy", "injection", "infusion", "tablet", "tablets",
    "capsule", "capsules", "oral", "orally", "iv", "sc", "intravenous", "intravenously",
    "subcutaneous", "subcutaneously", "dose", "doses", "dosing", "of", "the", "a", "an", "then",
    "given", "daily", "weekly", "day", "days", "cycle", "cycles", "such", "as", "e.g", "eg",
    "i.e", "including", "like", "placebo", "matching"))
_ORDER = {"alone": 0, "or": 1, "and": 2}
NO_NAME = "no drug, class or regimen of the tables has this name"


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans blanked out (offsets kept)."""
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def offered(text: str, atoms: list[Atom], levels: list[Level], doses: list[tuple[int, int]]
            ) -> tuple[list[Atom], list[frozenset[int]]]:
    """The unresolved words of a drug list, and the combinations it offers (sets of atom ids).

    A regimen whose name is spelled with drug names is no unit of its own: its drugs are.
    """
    taken = [(a.start, a.end) for a in atoms] + [(s, e) for s, e, _ in levels] + doses
    seq: list[tuple[int, str, object]] = []
    for a in atoms:
        if a.member_of is None and not (a.kind is Kind.REGIMEN and any(
                b.kind is not Kind.REGIMEN and a.start <= b.start and b.end <= a.end
                for b in atoms)):
            seq.append((a.start, "atom", a))
    for s, _, lv in levels:
        seq.append((s, "level", lv))
    seq.extend(_gap_tokens(text, taken))
    seq.sort(key=lambda x: x[0])
    junk = [a for _, k, a in seq if k == "atom" and isinstance(a, Atom) and a.target is None]
    return junk, _combos(_fold(_nest(_attach_levels(seq))))


def _gap_tokens(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, str, object]]:
    """Operators, brackets and unresolved words in the text between names and doses."""
    free = mask(text, taken)
    out: list[tuple[int, str, object]] = []
    words: list[re.Match[str]] = []

    def flush() -> None:
        if words:
            s, e = words[0].start(), words[-1].end()
            out.append((s, "atom", Atom(s, e, text[s:e], None, None, None, NO_NAME)))
            words.clear()

    for m in _GAP.finditer(free):
        kind = m.lastgroup or "word"
        if kind == "word":
            word = m.group(0).lower().strip(".:;")
            if word in FILLER or not re.search(r"[a-z]", word):
                flush()
                continue
            if words and free[words[-1].end():m.start()].strip():
                flush()
            words.append(m)
            continue
        flush()
        out.append((m.start(), kind, None))
    flush()
    return out


def _attach_levels(seq: list[tuple[int, str, object]]) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = []
    pending: list[DoseLevel] = []
    for _, kind, payload in seq:
        if kind == "level" and isinstance(payload, list):
            pending.extend(payload)
            continue
        if kind == "atom" and isinstance(payload, Atom) and pending:
            payload.levels = list(dict.fromkeys([*pending, *payload.levels]))
            pending = []
        items.append((kind, payload))
    return items


def _nest(items: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Brackets as nested groups."""
    stack: list[list[tuple[str, object]]] = [[]]
    for kind, payload in items:
        if kind == "lp":
            stack.append([])
        elif kind == "rp" and len(stack) > 1:
            group = stack.pop()
            stack[-1].append(("group", group))
        elif kind != "rp":
            stack[-1].append((kind, payload))
    while len(stack) > 1:
        group = stack.pop()
        stack[-1].append(("group", group))
    return stack[0]


def _group_atoms(group: list[tuple[str, object]]) -> list[Atom]:
    return [p for k, p in group if k == "atom" and isinstance(p, Atom)]


def _fold(tree: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Resolve what a bracket after an atom means: regimen name, class members or spelled out."""
    out: list[tuple[str, object]] = []
    for kind, payload in tree:
        if kind == "group" and isinstance(payload, list):
            inner = _fold(payload)
            atoms = _group_atoms(inner)
            prev = out[-1][1] if out and out[-1][0] == "atom" else None
            if atoms and all(a.kind is Kind.REGIMEN for a in atoms) and out:
                continue  # "(MEC)" names the list before it
            if isinstance(prev, Atom) and prev.kind is Kind.REGIMEN and atoms:
                out[-1] = ("group", inner)  # "3+7 (cytarabine and ...)" spells it out
                continue
            if isinstance(prev, Atom) and prev.kind is Kind.CLASS and atoms and all(
                    a.kind is Kind.DRUG for a in atoms):
                prev.members.extend(a.target or "" for a in atoms)
                for a in atoms:
                    a.member_of = prev
                continue
            out.append(("group", inner))
        else:
            out.append((kind, payload))
    return out


def _combos(tree: list[tuple[str, object]]) -> list[frozenset[int]]:
    """Alternatives: "alone or with" < "and" < "or" in binding strength."""
    units: list[tuple[str, object]] = []
    for kind, payload in tree:
        if kind in ("atom", "group"):
            if units and units[-1][0] in ("atom", "group"):
                units.append(("and", None))
            units.append((kind, payload))
        elif kind in _ORDER:
            if units and units[-1][0] in _ORDER:
                if _ORDER[kind] < _ORDER[units[-1][0]]:
                    units[-1] = (kind, None)
            elif units:
                units.append((kind, None))
    while units and units[-1][0] in _ORDER:
        units.pop()
    return _split(units, "alone")


def _split(units: list[tuple[str, object]], op: str) -> list[frozenset[int]]:
    parts: list[list[tuple[str, object]]] = [[]]
    for kind, payload in units:
        if kind == op:
            parts.append([])
        else:
            parts[-1].append((kind, payload))
    lower = {"alone": "and", "and": "or"}.get(op)
    sets = [_split(p, lower) if lower else _unit(p) for p in parts]
    if op == "alone":
        result = sets[0]
        for right in sets[1:]:
            result = result + [a | b for a in result for b in right]
        return list(dict.fromkeys(result))
    if op == "and":
        result = [frozenset[int]()]
        for s in sets:
            if s:
                result = [a | b for a in result for b in s]
        return result
    return list(dict.fromkeys(x for s in sets for x in s))


def _unit(units: list[tuple[str, object]]) -> list[frozenset[int]]:
    out: list[frozenset[int]] = []
    for kind, payload in units:
        if kind == "atom" and isinstance(payload, Atom) and payload.member_of is None:
            out.append(frozenset({id(payload)}))
        elif kind == "group" and isinstance(payload, list):
            out.extend(_combos(payload))
    return out
