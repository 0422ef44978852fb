"""Controlled values of drug linking and dosing; each enum is a SKOS concept scheme (kgv:)."""

from __future__ import annotations

from enum import StrEnum


class MatchMethod(StrEnum):
    """How a mention was resolved or a link was made."""

    EXACT_LABEL = "EXACT_LABEL"
    SYNONYM = "SYNONYM"
    ABBREVIATION = "ABBREVIATION"
    BRAND = "BRAND"
    SPELLING_VARIANT = "SPELLING_VARIANT"
    SALT_FORM = "SALT_FORM"
    CONTEXT = "CONTEXT"
    CURATED = "CURATED"
    LOOKED_UP = "LOOKED_UP"


class DoseBasis(StrEnum):
    """What a dose is counted per: body surface area, body weight, or a flat dose."""

    BODY_SURFACE = "BODY_SURFACE"
    BODY_WEIGHT = "BODY_WEIGHT"
    FLAT = "FLAT"


class Route(StrEnum):
    """Route of administration."""

    IV = "IV"
    SC = "SC"
    ORAL = "ORAL"
    IM = "IM"
    INTRATHECAL = "INTRATHECAL"


class DoseLevel(StrEnum):
    """A dose level a record names in words ("low dose cytarabine")."""

    LOW = "LOW"
    INTERMEDIATE = "INTERMEDIATE"
    HIGH = "HIGH"
