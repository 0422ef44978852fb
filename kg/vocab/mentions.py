"""Intervention and arm texts -> drug, class and regimen mentions, each resolved or kept as is."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kg.vocab.combinations import NO_NAME, Atom, mask, offered
from kg.vocab.doses import dose_spans
from kg.vocab.lexicon import REGIMENS, SUBSTANCES, Hit, Kind, Lexicon, compact
from kg.vocab.terms import DoseLevel, MatchMethod
from kg.vocab.traps import Verdict, judge


@dataclass(frozen=True, slots=True)
class Mention:
    """A drug, class or regimen named in a text; ``target`` is None when it stays unresolved.

    A class mention lists the member drugs the text names with it (``members``); ``levels``
    are dose levels said in words ("low dose"); ``note`` says why a mention stays unresolved.
    """

    text: str
    start: int
    end: int
    kind: Kind | None = None
    target: str | None = None
    method: MatchMethod | None = None
    levels: tuple[DoseLevel, ...] = ()
    members: tuple[str, ...] = ()
    note: str = ""

    @property
    def resolved(self) -> bool:
        """Whether the mention names a row of the tables."""
        return self.target is not None


@dataclass(frozen=True, slots=True)
class Reading:
    """The mentions of one text and, for a list of drugs, the combinations it offers.

    Each combination is one alternative way of giving the drugs, as indices into ``mentions``:
    "A alone or in combination with B or C" offers (A), (A, B) and (A, C).
    """

    text: str
    mentions: tuple[Mention, ...] = ()
    combinations: tuple[tuple[int, ...], ...] = ()


_LEVEL = re.compile(r"\b(?P<levels>(?:low|intermediate|high)(?:\s*(?:and|or|/|&)\s*"
                    r"(?:low|intermediate|high))*)(?:[\s-]*doses?\b|(?=-dose))", re.I)
_SUCH = re.compile(r"\s*,?\s*(?:such as|e\.g\.,?|like|including|\()\s*", re.I)
_MEMBER_GAP = re.compile(r"\s*(?:,|/|\band\b|\bor\b)?\s*", re.I)
_GENERIC = re.compile(r"\b(?:[A-Za-z0-9-]+\s+)?(?:inhibitors?|agents?|drugs?|antibod(?:y|ies)|"
                      r"analogues?|analogs?)(?=\s*,?\s*(?:such as|e\.g\.|like|including)\s)",
                      re.I)
_EXTEND = re.compile(r"\s*(?:\+|plus|combined with|in combination with|with)\s*", re.I)


def _levels(text: str) -> list[tuple[int, int, list[DoseLevel]]]:
    out = []
    for m in _LEVEL.finditer(text):
        words = re.findall(r"low|intermediate|high", m.group("levels"), re.I)
        out.append((m.start(), m.end(), [DoseLevel(w.upper()) for w in words]))
    return out


def _substance(hit: Hit, text: str, lex: Lexicon, prose: bool) -> Atom | None:
    """A drug or class atom for a hit, after the context has had its say."""
    cands = hit.candidates
    if len(cands) > 1:
        names = ", ".join(sorted(c.target for c in cands))
        return Atom(hit.start, hit.end, hit.text, None, None, None, f"ambiguous: {names}")
    cand = cands[0]
    atom = Atom(hit.start, hit.end, hit.text, cand.kind, cand.target, cand.method,
                 levels=[cand.level] if cand.level else [])
    verdict, trap = judge(compact(hit.text), text)
    if trap is None or verdict is Verdict.PLAIN:
        return atom
    if verdict is Verdict.CONFIRMED:
        atom.method = MatchMethod.CONTEXT
        return atom
    if prose and verdict is Verdict.OTHER and not trap.other_is_treatment:
        return None
    why = "may also be" if verdict is Verdict.UNCLEAR else "here means"
    return Atom(hit.start, hit.end, hit.text, None, None, None,
                 f"{hit.text} {why} {trap.other_meaning}")


def _short(atom: Atom) -> bool:
    return len(re.sub(r"[^A-Za-z0-9]", "", atom.text)) <= 3 and atom.text != atom.text.lower()


def _members_after(anchor: Atom, subs: list[Atom], text: str) -> list[Atom]:
    """The drugs a class names right after it: "(decitabine, azacitidine)", "such as A and B"."""
    m = _SUCH.match(text, anchor.end)
    if not m:
        return []
    members: list[Atom] = []
    pos = m.end()
    for atom in sorted(subs, key=lambda a: a.start):
        if atom.start < pos or atom is anchor:
            continue
        gap = _MEMBER_GAP.fullmatch(text, pos, atom.start)
        if gap is None or atom.kind is not Kind.DRUG:
            break
        members.append(atom)
        pos = atom.end
    return members


def _class_phrases(text: str, subs: list[Atom], lex: Lexicon) -> list[Atom]:
    """Class mentions with the members the text names; unnamed generic classes are inferred.

    "FLT3 inhibitors such as sorafenib" is a class of the table; "corresponding inhibitors
    such as sorafenib and gilteritinib" names its class only through its members, so the class
    is the one table class holding all of them (preferring one whose name the text uses).
    """
    added: list[Atom] = []
    for atom in [a for a in subs if a.kind is Kind.CLASS]:
        for member in _members_after(atom, subs, text):
            member.member_of = atom
            atom.members.append(member.target or "")
    for m in _GENERIC.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in subs):
            continue
        phrase = Atom(m.start(), m.end(), m.group(0), None, None, None)
        members = _members_after(phrase, subs, text)
        if not members:
            continue
        named = {a.target for a in members}
        holders = sorted(e.id for e in lex.table.drugs.values() if named <= set(e.members))
        if len(holders) > 1:
            words = set(re.findall(r"[a-z0-9]+", text.lower()))
            holders = [h for h in holders
                       if words & set(re.findall(r"[a-z0-9]+", lex.table.drugs[h].name.lower()))
                       - {"inhibitor", "agent", "drug"}] or holders
        if len(holders) == 1:
            phrase.kind, phrase.target, phrase.method = Kind.CLASS, holders[0], MatchMethod.CONTEXT
        else:
            phrase.note = "no single class of the table holds all of its named members"
        for member in members:
            member.member_of = phrase
            phrase.members.append(member.target or "")
        added.append(phrase)
    return added


def _covered(span: Atom, inner: list[Atom], levels: list[tuple[int, int, list[DoseLevel]]],
             text: str) -> bool:
    rest = mask(text, [(a.start, a.end) for a in inner] + [(s, e) for s, e, _ in levels])
    leftover = rest[span.start:span.end]
    return not re.sub(r"[\s+\-/&,]|\band\b|\bwith\b|\bplus\b", "", leftover, flags=re.I)


def _regimens(text: str, lex: Lexicon, subs: list[Atom],
              levels: list[tuple[int, int, list[DoseLevel]]]) -> list[Atom]:
    """Regimen atoms; drug atoms inside a regimen's name stay only if they spell it out
    ("2CDA+HDAraC" does, "FLAG-IDA" does not: its IDA is no mention of its own)."""
    regs = []
    for hit in lex.scan(text, REGIMENS):
        if judge(compact(hit.text), text)[0] in (Verdict.OTHER, Verdict.UNCLEAR):
            continue  # "HDAC inhibitor" names no regimen
        cands = [c for c in hit.candidates if c.kind is Kind.REGIMEN]
        if len(cands) > 1:
            note = "ambiguous: " + ", ".join(sorted(c.target for c in cands))
            regs.append(Atom(hit.start, hit.end, hit.text, None, None, None, note))
            continue
        regs.append(Atom(hit.start, hit.end, hit.text, Kind.REGIMEN, cands[0].target,
                          cands[0].method))
    kept = []
    for reg in regs:
        if reg.target is not None:
            parts = lex.table.regimens[reg.target].components
            if len(parts) == 1 and any(a.target not in parts for a in subs if a.target):
                continue  # "HDAC" among other drugs is the drug, not the one-drug regimen
        inner = [a for a in subs if reg.start <= a.start and a.end <= reg.end]
        if not (inner and _covered(reg, inner, levels, text)):
            for a in inner:
                subs.remove(a)
        kept.append(reg)
    return kept


def _extend_regimens(text: str, atoms: list[Atom], lex: Lexicon) -> None:
    """"CLAG combined with venetoclax" is the regimen CLAG+VEN when the table has it."""
    ordered = sorted(atoms, key=lambda a: a.start)
    for reg, nxt in itertools.pairwise(ordered):
        if reg.kind is not Kind.REGIMEN or nxt.kind is not Kind.DRUG or reg.target is None:
            continue
        if not _EXTEND.fullmatch(text, reg.end, nxt.start):
            continue
        wanted = {*lex.table.regimens[reg.target].components, nxt.target}
        for other in lex.table.regimens.values():
            if set(other.components) == wanted:
                reg.target, reg.method = other.id, MatchMethod.CONTEXT
                reg.text, reg.end = text[reg.start:nxt.end], nxt.end
                break


def _atoms(text: str, lex: Lexicon, prose: bool, short_ok: bool = False
           ) -> tuple[list[Atom], list[tuple[int, int, list[DoseLevel]]]]:
    levels = _levels(text)
    masked = mask(text, [(s, e) for s, e, _ in levels] + dose_spans(text))
    subs = [a for h in lex.scan(masked, SUBSTANCES)
            if (a := _substance(h, text, lex, prose)) is not None]
    if prose and not short_ok:
        longer = [a for a in subs if not _short(a)]
        subs = [a for a in subs if not _short(a) or longer]
    regs = _regimens(text, lex, subs, levels)
    subs += _class_phrases(text, subs, lex)
    atoms = sorted(subs + regs, key=lambda a: (a.start, -a.end))
    _extend_regimens(text, atoms, lex)
    return atoms, levels


def read_prose(text: str, lex: Lexicon, short_ok: bool = False) -> Reading:
    """The drugs, classes and regimens running text names (only names the tables know).

    A short abbreviation (VEN, GO) counts only when the text also names a drug in full, unless
    ``short_ok`` says the text is part of one that does.
    """
    atoms, levels = _atoms(text, lex, prose=True, short_ok=short_ok)
    for _, e, lv in levels:
        nxt = next((a for a in atoms if a.start >= e and a.kind is not Kind.REGIMEN), None)
        if nxt is not None and len(text[e:nxt.start].split()) <= 2:
            nxt.levels = list(dict.fromkeys([*lv, *nxt.levels]))
    return _reading(text, [a for a in atoms if a.member_of is None], ())


def _dedupe(atoms: list[Atom]) -> tuple[list[Atom], dict[int, int]]:
    """One mention per drug, class or regimen of a text (the first); unresolved ones all kept."""
    kept: list[Atom] = []
    seen: dict[tuple[Kind | None, str], int] = {}
    remap: dict[int, int] = {}
    for n, atom in enumerate(atoms):
        key = (atom.kind, atom.target or f"?{atom.text.lower()}")
        if key in seen:
            first = kept[seen[key]]
            if atom.method is MatchMethod.EXACT_LABEL and first.method is not atom.method:
                first.text, first.start, first.end = atom.text, atom.start, atom.end
                first.method = atom.method
            first.levels = list(dict.fromkeys(first.levels + atom.levels))
            first.members = list(dict.fromkeys(first.members + atom.members))
            remap[n] = seen[key]
            continue
        seen[key] = len(kept)
        remap[n] = len(kept)
        kept.append(atom)
    return kept, remap


def _freeze(a: Atom) -> Mention:
    return Mention(a.text, a.start, a.end, a.kind, a.target, a.method, tuple(a.levels),
                   tuple(a.members), a.note)


def _reading(text: str, atoms: list[Atom], combos: tuple[frozenset[int], ...]) -> Reading:
    kept, remap = _dedupe(atoms)
    out = sorted({tuple(sorted({remap[i] for i in c})) for c in combos if c})
    return Reading(text, tuple(_freeze(a) for a in kept), tuple(out))


def read_list(text: str, lex: Lexicon) -> Reading:
    """A text that lists drugs ("Venetoclax+low dose cytarabine", "3+7 (cytarabine and ...)").

    Every word that is neither a name of the tables, an operator, a dose nor a filler word
    becomes an unresolved mention: nothing is dropped and nothing is guessed.
    """
    atoms, levels = _atoms(text, lex, prose=False)
    junk, combos = offered(text, atoms, levels, dose_spans(text))
    mentions = sorted([a for a in atoms if a.member_of is None] + [
        j for j in junk if j not in atoms], key=lambda a: a.start)
    merged: list[Atom] = []
    alias: dict[int, int] = {}
    for a in mentions:  # unresolved words side by side are one unresolved mention
        prev = merged[-1] if merged else None
        if (prev is not None and prev.target is None and a.target is None
                and a.start >= prev.end and not text[prev.end:a.start].strip()):
            prev.text, prev.end = text[prev.start:a.end], a.end
            prev.note = a.note if prev.note == NO_NAME else prev.note
            alias[id(a)] = id(prev)
            continue
        merged.append(a)
    index = {id(a): n for n, a in enumerate(merged)}
    return _reading(text, merged, tuple(frozenset(index[alias.get(i, i)] for i in c)
                                        for c in combos))


