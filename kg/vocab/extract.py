"""A trial's drug facts: mentions, regimens and administrations of its interventions and arms."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg import model
from kg.vocab.doses import DOSE, Schedule, inherit, parse_clause, parse_prose, parse_schedule
from kg.vocab.lexicon import Kind, Lexicon
from kg.vocab.mentions import Mention, Reading, read_list, read_prose
from kg.vocab.terms import MatchMethod


@dataclass(frozen=True, slots=True)
class Administration:
    """A schedule and the mention of the drug (or class) it gives."""

    mention: Mention
    schedule: Schedule


@dataclass(frozen=True, slots=True)
class InterventionDrugs:
    """What an intervention names: its name, each item of its list, and its schedules.

    ``single`` is the one drug or class the whole intervention is named after, if it is;
    ``administrations`` pairs each schedule with the item it came from (None: the name).
    """

    name: Reading | None
    options: tuple[Reading | None, ...]
    single: Mention | None
    administrations: tuple[tuple[int | None, Administration], ...]


@dataclass(frozen=True, slots=True)
class ArmDrugs:
    """What an arm's label and description name, and the schedules the description states."""

    label: Reading
    description: Reading | None
    administrations: tuple[Administration, ...]


@dataclass(frozen=True, slots=True)
class TrialDrugs:
    """The drug facts of a trial, aligned with ``trial.interventions`` and ``trial.arms``.

    ``arm_only`` holds interventions that only an arm names, by name.
    """

    interventions: tuple[InterventionDrugs, ...]
    arms: tuple[ArmDrugs, ...]
    arm_only: tuple[tuple[str, InterventionDrugs], ...]


DRUG_TYPES = frozenset({model.InterventionType.DRUG, model.InterventionType.BIOLOGICAL,
                        model.InterventionType.COMBINATION_PRODUCT})
# Words that make an intervention name a group of treatments rather than a list of drugs.
GROUP_WORDS = re.compile(r"\b(therapy|therapies|treatments?|regimens?|chemotherapy|"
                         r"combinations?|standard of care|arm|group)\b", re.I)


def _read_name(iv: model.Intervention, lex: Lexicon) -> Reading | None:
    if iv.type not in DRUG_TYPES:
        return None
    return read_prose(iv.name, lex) if GROUP_WORDS.search(iv.name) else read_list(iv.name, lex)


def _single(reading: Reading | None) -> Mention | None:
    """The drug or class an intervention is named after, when its name names just that."""
    if reading is None or len(reading.mentions) != 1 or GROUP_WORDS.search(reading.text):
        return None
    only = reading.mentions[0]
    return only if only.kind in (Kind.DRUG, Kind.CLASS, None) else None


def _substances(reading: Reading | None) -> list[Mention]:
    if reading is None:
        return []
    return [m for m in reading.mentions if m.kind is not Kind.REGIMEN]


def _from_arms(single: Mention, arm_readings: Sequence[Reading], lex: Lexicon) -> Mention:
    """An intervention name read with the arms that receive it.

    A class name ("Interferon") gets the members the arms name; a name the tables lack gets
    the one drug the arms name whose names contain it as a word (method CONTEXT).
    """
    drugs = {m.target: m for r in arm_readings for m in r.mentions
             if m.kind is Kind.DRUG and m.target}
    if single.kind is Kind.CLASS and single.target:
        named = [d for d in lex.table.drugs[single.target].members if d in drugs]
        if named and not single.members:
            return dataclasses.replace(single, members=tuple(named))
        return single
    if single.kind is not None:
        return single
    word = re.compile(rf"(?:^|[^a-z0-9]){re.escape(single.text.lower())}(?:$|[^a-z0-9])")
    fits = sorted(d for d in drugs if any(
        word.search(n.lower()) for n in (lex.table.drugs[d].name, *lex.table.drugs[d].synonyms)))
    if len(fits) == 1:
        return dataclasses.replace(single, kind=Kind.DRUG, target=fits[0],
                                   method=MatchMethod.CONTEXT, note="")
    return single


def _replace(reading: Reading, old: Mention, new: Mention) -> Reading:
    return dataclasses.replace(
        reading, mentions=tuple(new if m is old else m for m in reading.mentions))


def _prose_administrations(text: str, lex: Lexicon) -> list[Administration]:
    """Schedules of running text, each given to the first drug its sentence names.

    An adjustment ("VEN should be reduced to ...") repeats the last schedule of its drug.
    """
    out: list[Administration] = []
    for sched in parse_prose(text):
        named = _substances(read_prose(sched.source_text, lex, short_ok=True))
        if not named:
            continue
        mention = named[0]
        if sched.adjustment and sched.days is None and sched.route is None:
            key = mention.target or mention.text
            base = next((a.schedule for a in reversed(out)
                         if (a.mention.target or a.mention.text) == key), None)
            if base is not None:
                mention = next(a.mention for a in reversed(out)
                               if (a.mention.target or a.mention.text) == key)
                sched = inherit(base, sched)
        out.append(Administration(mention, sched))
    return out


def _list_administrations(reading: Reading) -> list[Administration]:
    """Doses written after a drug in a list ("2CDA 5mg/sqm + low dose cytarabine")."""
    out: list[Administration] = []
    subs = sorted(_substances(reading), key=lambda m: m.start)
    for dose in DOSE.finditer(reading.text):
        before = [m for m in subs if m.end <= dose.start()]
        if not before:
            continue
        mention = before[-1]
        after = [m.start for m in subs if m.start >= dose.end()]
        clause = reading.text[mention.start:after[0] if after else len(reading.text)]
        clause = clause.rstrip(" +-,;/")
        out.extend(Administration(mention, s) for s in parse_clause(clause, mention.start))
    return out


def _intervention(iv: model.Intervention, name: Reading | None, single: Mention | None,
                  lex: Lexicon) -> InterventionDrugs:
    if single is not None:
        text = iv.description or "\n".join(iv.items)
        admins = tuple((None, Administration(single, s)) for s in parse_schedule(text))
        return InterventionDrugs(name, tuple(None for _ in iv.items), single, admins)
    if iv.type not in DRUG_TYPES:
        return InterventionDrugs(name, tuple(None for _ in iv.items), None, ())
    options = tuple(read_list(item, lex) for item in iv.items)
    pairs: list[tuple[int | None, Administration]] = [
        (n, a) for n, opt in enumerate(options) for a in _list_administrations(opt)]
    if not iv.items and iv.description:
        pairs += [(None, a) for a in _prose_administrations(iv.description, lex)]
    return InterventionDrugs(name, options, None, tuple(pairs))


def read_trial(trial: model.Trial, lex: Lexicon) -> TrialDrugs:
    """Every drug fact of a trial's interventions and arms."""
    arms = []
    for arm in trial.arms:
        label = read_prose(arm.label, lex)
        desc = read_prose(arm.description, lex) if arm.description else None
        admins = _prose_administrations(arm.description, lex) if arm.description else []
        arms.append(ArmDrugs(label, desc, tuple(admins)))

    gets = received(trial)

    def receiving(name: str) -> list[Reading]:
        return [r for arm, a in zip(trial.arms, arms, strict=True) if name in gets[arm.label]
                for r in (a.label, a.description) if r is not None]

    out = []
    for iv in trial.interventions:
        name = _read_name(iv, lex)
        single = _single(name)
        if single is not None and name is not None:
            better = _from_arms(single, receiving(iv.name), lex)
            name, single = _replace(name, single, better), better
        out.append(_intervention(iv, name, single, lex))
    declared = {iv.name for iv in trial.interventions}
    extra: dict[str, InterventionDrugs] = {}
    for arm in trial.arms:
        for iv_name in arm.interventions:
            if iv_name not in declared and iv_name not in extra:
                reading = read_prose(iv_name, lex)
                extra[iv_name] = InterventionDrugs(reading, (), None, ())
    return TrialDrugs(tuple(out), tuple(arms), tuple(extra.items()))


def received(trial: model.Trial) -> dict[str, list[str]]:
    """The names of the interventions each arm receives (by arm label), as the arm lists them
    and as the interventions list their arms."""
    out: dict[str, list[str]] = {arm.label: list(arm.interventions) for arm in trial.arms}
    for iv in trial.interventions:
        for label in iv.arm_labels:
            if label in out and iv.name not in out[label]:
                out[label].append(iv.name)
    return out
