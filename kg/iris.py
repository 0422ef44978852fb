"""The only place IRIs are minted: readable, stable, scoped by the trial; shared nodes by name."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from urllib.parse import quote, urlsplit

import pyoxigraph
from rdflib import URIRef

from kg import model, model_details
from kg.errors import UsageError
from kg.namespaces import DEFAULT_BASE_IRI, VOCAB
from kg.vocab import terms as vocab_terms

# The concept scheme of each controlled value; concept IRIs are <vocab>/<scheme>-<CODE>.
SCHEMES: dict[type[StrEnum], str] = {
    model.Status: "status",
    model.Phase: "phase",
    model.StudyType: "study-type",
    model.Allocation: "allocation",
    model.InterventionModel: "intervention-model",
    model.PrimaryPurpose: "primary-purpose",
    model.Masking: "masking",
    model.EnrollmentType: "enrollment-type",
    model.ArmType: "arm-type",
    model.InterventionType: "intervention-type",
    model.Sex: "sex",
    model.SponsorRole: "sponsor-role",
    model.AgencyClass: "agency-class",
    model.OfficialRole: "official-role",
    model.ResponsiblePartyType: "responsible-party",
    model.IdentifierType: "identifier-type",
    model.AgeUnit: "age-unit",
    model.CriterionKind: "criterion-kind",
    model.OutcomeKind: "outcome-kind",
    model_details.DateKind: "date-kind",
    model_details.DateType: "date-type",
    model_details.ObservationalModel: "observational-model",
    model_details.TimePerspective: "time-perspective",
    model_details.WhoMasked: "who-masked",
    model_details.StandardAge: "standard-age",
    model_details.SamplingMethod: "sampling-method",
    model_details.ReferenceType: "reference-type",
    model_details.IpdSharing: "ipd-sharing",
    model_details.IpdInfoType: "ipd-info-type",
    vocab_terms.MatchMethod: "match-method",
    vocab_terms.DoseBasis: "dose-basis",
    vocab_terms.Route: "route",
    vocab_terms.DoseLevel: "dose-level",
}

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A readable IRI path segment: ASCII letters, digits and hyphens.

    Accents are folded (``Gesù`` -> ``gesu``); text with no Latin letters or digits at all is
    percent-encoded instead, so that no name ever yields an empty or invalid segment.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = _NOT_SLUG.sub("-", folded.lower()).strip("-")
    return out or quote(text.strip().lower() or "_", safe="")


def concept(value: StrEnum) -> URIRef:
    """The SKOS concept of a controlled value, e.g. ``kgv:status-RECRUITING``."""
    return VOCAB[f"{SCHEMES[type(value)]}-{value.value}"]


def scheme(enum: type[StrEnum]) -> URIRef:
    """The SKOS concept scheme of a controlled-value enum."""
    return VOCAB[SCHEMES[enum]]


def check_iri(iri: str) -> str:
    """Validate an IRI with an RFC 3987 parser (pyoxigraph); raises UsageError."""
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as exc:
        raise UsageError(f"not a valid IRI: {iri!r} ({exc})") from None
    return iri


class Minter:
    """Mints every IRI of the instance data under one base IRI."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https", "urn") or not base.endswith(("/", "#")):
            raise UsageError(f"base IRI must be an http(s) IRI ending in '/' or '#': {base!r}")
        self.base = check_iri(base)

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    # trial-scoped nodes
    def trial(self, nct: str) -> URIRef:
        """The trial itself."""
        return self._iri("trial", slug(nct).upper())

    def in_trial(self, nct: str, *segments: str) -> URIRef:
        """A node that belongs to one trial: its arms, sites, criteria, ..."""
        return self._iri("trial", slug(nct).upper(), *(slug(s) for s in segments))

    # shared nodes
    def organization(self, name: str) -> URIRef:
        """An organisation, shared by every trial that names it."""
        return self._iri("organization", slug(name))

    def person(self, name: str) -> URIRef:
        """A person, shared by name."""
        return self._iri("person", slug(name))

    def drug(self, name: str) -> URIRef:
        """A drug, shared by name."""
        return self._iri("drug", slug(name))

    def drug_link(self, drug: str, prefix: str, local: str | None = None) -> URIRef:
        """A drug's link into a vocabulary: ``drug/<id>/link/<prefix>``; with ``local`` (when
        the drug has several identifiers there) ``drug/<id>/link/<prefix>/<local id>``."""
        segments: tuple[str, ...] = ("drug", slug(drug), "link", slug(prefix).replace("-", "."))
        if local is not None:
            segments += (quote(local.strip(), safe=""),)
        return self._iri(*segments)

    def regimen(self, name: str) -> URIRef:
        """A named regimen, shared by every trial that gives it."""
        return self._iri("regimen", slug(name))

    def condition(self, name: str) -> URIRef:
        """A condition, shared by name."""
        return self._iri("condition", slug(name))

    def country(self, name: str) -> URIRef:
        """A country, shared by name."""
        return self._iri("country", slug(name))

    def city(self, name: str, country: str) -> URIRef:
        """A city within its country."""
        return self._iri("city", slug(country), slug(name))

    def link(self, vocabulary: str, local_id: str) -> URIRef:
        """An external-vocabulary entry as we link to it, shared: ``link/mesh/D008545``."""
        return self._iri("link", slug(vocabulary), quote(local_id.strip(), safe=""))

    def build(self, version: str) -> URIRef:
        """The build activity of one tool version."""
        return self._iri("build", "kg-" + slug(version))

    def agent(self, version: str) -> URIRef:
        """The tool, as a PROV software agent."""
        return self._iri("agent", "kg-" + slug(version))
