"""Ambiguous abbreviations (DAC, HDAC, GO, DNR): the words around them decide what they mean."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    """What the context says about the table's reading of an abbreviation."""

    PLAIN = "plain"            # nothing either way: the table's reading stands
    CONFIRMED = "confirmed"    # the context supports the table's reading
    OTHER = "other"            # the context shows the other meaning
    UNCLEAR = "unclear"        # the context points both ways


@dataclass(frozen=True, slots=True)
class Trap:
    """An abbreviation with a second meaning, and the words that reveal each meaning."""

    other_meaning: str
    shows_other: re.Pattern[str]
    confirms: re.Pattern[str]
    other_is_treatment: bool


# Keys are compact forms (lower-case letters and digits) of the abbreviations.
TRAPS: dict[str, Trap] = {
    "dac": Trap(
        "the daunorubicin + cytarabine (+ cladribine) regimen, also written DAC",
        re.compile(r"daunorubicin|daunomycin|\bDNR\b", re.I),
        re.compile(r"hypomethylat|demethylat|\bHMAs?\b|azacitidine|\bAZA\b|5-aza|decitabine",
                   re.I),
        True),
    "hdac": Trap(
        "histone deacetylase",
        re.compile(r"histone|deacetylase|\bHDAC\s*-?\s*i(?:nhibit\w*)?\b|vorinostat|panobinostat|"
                   r"romidepsin|belinostat", re.I),
        re.compile(r"cytarabine|\bara-?c\b|high[- ]dose|consolidation|regimen|chemotherapy", re.I),
        False),
    "go": Trap(
        "Gene Ontology",
        re.compile(r"gene ontology|\bGO\s+(?:terms?|annotations?|categor\w*|enrichment)", re.I),
        re.compile(r"gemtuzumab|mylotarg|\bCD33\b|ozogamicin|antibody-drug", re.I),
        False),
    "dnr": Trap(
        "do not resuscitate",
        re.compile(r"resuscitat|code status|\bDNR\s+(?:order|status)", re.I),
        re.compile(r"anthracycline|cytarabine|\bara-?c\b|induction|7\s*\+\s*3|3\s*\+\s*7", re.I),
        False),
}


def judge(key: str, context: str) -> tuple[Verdict, Trap | None]:
    """The verdict on an abbreviation (by compact key) in a text, and its trap if it has one."""
    trap = TRAPS.get(key)
    if trap is None:
        return Verdict.PLAIN, None
    other = trap.shows_other.search(context) is not None
    confirmed = trap.confirms.search(context) is not None
    if other and confirmed:
        return Verdict.UNCLEAR, trap
    if other:
        return Verdict.OTHER, trap
    return (Verdict.CONFIRMED if confirmed else Verdict.PLAIN), trap
