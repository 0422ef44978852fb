"""Drug mentions: tricky names one by one, class mentions, alternatives, and nothing dropped."""

from __future__ import annotations

import pytest

from kg.vocab.lexicon import Kind, Lexicon, lexicon_for
from kg.vocab.mentions import Mention, Reading, read_list, read_prose
from kg.vocab.table import load_table
from kg.vocab.terms import DoseLevel, MatchMethod

DRUG, CLASS, REGIMEN = Kind.DRUG, Kind.CLASS, Kind.REGIMEN
LOW, MID, HIGH = DoseLevel.LOW, DoseLevel.INTERMEDIATE, DoseLevel.HIGH
M = MatchMethod


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return lexicon_for(load_table())


def named(reading: Reading, text: str) -> Mention:
    found = [m for m in reading.mentions if m.text == text]
    assert len(found) == 1, reading.mentions
    return found[0]


def combos(reading: Reading) -> set[frozenset[str]]:
    return {frozenset(reading.mentions[i].target or reading.mentions[i].text for i in c)
            for c in reading.combinations}


# text of a drug list, the mention in it, and what the mention must resolve to
TRICKY = [
    ("DAC", "DAC", DRUG, "decitabine", M.ABBREVIATION, ()),
    ("azacitidine or DAC", "DAC", DRUG, "decitabine", M.CONTEXT, ()),  # among HMAs
    ("HDAC regimen", "HDAC", DRUG, "cytarabine", M.CONTEXT, (HIGH,)),
    ("high-dose Cytarabine HDAC", "Cytarabine", DRUG, "cytarabine", M.EXACT_LABEL, (HIGH,)),
    ("HDAraC", "HDAraC", DRUG, "cytarabine", M.ABBREVIATION, (HIGH,)),
    ("HiDAC", "HiDAC", DRUG, "cytarabine", M.ABBREVIATION, (HIGH,)),
    ("LDAC", "LDAC", DRUG, "cytarabine", M.ABBREVIATION, (LOW,)),
    ("GO", "GO", DRUG, "gemtuzumab-ozogamicin", M.ABBREVIATION, ()),
    ("Gemtuzumab", "Gemtuzumab", DRUG, "gemtuzumab-ozogamicin", M.SYNONYM, ()),
    ("Mylotarg", "Mylotarg", DRUG, "gemtuzumab-ozogamicin", M.BRAND, ()),
    ("2CDA", "2CDA", DRUG, "cladribine", M.ABBREVIATION, ()),
    ("2-CdA", "2-CdA", DRUG, "cladribine", M.ABBREVIATION, ()),
    ("daunorubicine", "daunorubicine", DRUG, "daunorubicin", M.SYNONYM, ()),
    ("idarubicine", "idarubicine", DRUG, "idarubicin", M.SYNONYM, ()),
    ("cytarabin", "cytarabin", DRUG, "cytarabine", M.SPELLING_VARIANT, ()),
    ("low dose cytarabine", "cytarabine", DRUG, "cytarabine", M.EXACT_LABEL, (LOW,)),
    ("Intermediate-dose Cytarabine", "Cytarabine", DRUG, "cytarabine", M.EXACT_LABEL, (MID,)),
    ("Ara-C", "Ara-C", DRUG, "cytarabine", M.ABBREVIATION, ()),
    ("cytarabine hydrochloride", "cytarabine hydrochloride", DRUG, "cytarabine", M.SALT_FORM,
     ()),
    ("fludarabine phosphate", "fludarabine phosphate", DRUG, "fludarabine", M.SYNONYM, ()),
    ("G-CSF", "G-CSF", CLASS, "g-csf", M.ABBREVIATION, ()),
    ("Venclexta", "Venclexta", DRUG, "venetoclax", M.BRAND, ()),
    ("Xospata", "Xospata", DRUG, "gilteritinib", M.BRAND, ()),
    ("Vidaza", "Vidaza", DRUG, "azacitidine", M.BRAND, ()),
    ("Blincyto", "Blincyto", DRUG, "blinatumomab", M.BRAND, ()),
    ("VEN", "VEN", DRUG, "venetoclax", M.ABBREVIATION, ()),
    ("AZA", "AZA", DRUG, "azacitidine", M.ABBREVIATION, ()),
    ("IDA", "IDA", DRUG, "idarubicin", M.ABBREVIATION, ()),
    ("DNR", "DNR", DRUG, "daunorubicin", M.ABBREVIATION, ()),
    ("AMSA", "AMSA", DRUG, "amsacrine", M.ABBREVIATION, ()),
    ("ATRA", "ATRA", DRUG, "tretinoin", M.ABBREVIATION, ()),
    ("ATO", "ATO", DRUG, "arsenic-trioxide", M.ABBREVIATION, ()),
    ("Dex", "Dex", DRUG, "dexamethasone", M.ABBREVIATION, ()),
    ("PEG-IFN", "PEG-IFN", DRUG, "peginterferon-alfa-2b", M.ABBREVIATION, ()),
    ("Polyethylene glycol interferon alpha-2b", "Polyethylene glycol interferon alpha-2b", DRUG,
     "peginterferon-alfa-2b", M.SPELLING_VARIANT, ()),
    ("MEC", "MEC", REGIMEN, "mec", M.EXACT_LABEL, ()),
    ("FLAG-IDA", "FLAG-IDA", REGIMEN, "flag-ida", M.EXACT_LABEL, ()),
    ("CLAG+VEN", "CLAG+VEN", REGIMEN, "clag-ven", M.EXACT_LABEL, ()),
    ("CLAGV", "CLAGV", REGIMEN, "clag-ven", M.SYNONYM, ()),
    ("2CDA+HDAraC", "2CDA+HDAraC", REGIMEN, "2cda-hdarac", M.EXACT_LABEL, ()),
    ("3+7", "3+7", REGIMEN, "7-3", M.SYNONYM, ()),
    ("7+3 (idarubicin)", "7+3 (idarubicin)", REGIMEN, "7-3-idarubicin", M.EXACT_LABEL, ()),
    ("Ven+LDAC", "Ven+LDAC", REGIMEN, "ven-ldac", M.EXACT_LABEL, ()),
    ("HiDAC", "HiDAC", REGIMEN, "hidac", M.EXACT_LABEL, ()),
]


@pytest.mark.parametrize(("text", "words", "kind", "target", "method", "levels"), TRICKY,
                         ids=[f"{t[0]}->{t[3]}" for t in TRICKY])
def test_tricky_mention(lex: Lexicon, text: str, words: str, kind: Kind, target: str,
                        method: MatchMethod, levels: tuple[DoseLevel, ...]) -> None:
    reading = read_list(text, lex)
    m = next(m for m in reading.mentions if m.text == words and m.kind is kind)
    assert (m.target, m.method, m.levels) == (target, method, levels)
    assert all(x.resolved for x in reading.mentions)


def test_dose_level_words_are_no_drug(lex: Lexicon) -> None:
    reading = read_list("High and intermediate dose Cytarabine", lex)
    assert [(m.target, m.levels) for m in reading.mentions] == [("cytarabine", (HIGH, MID))]


def test_dac_with_daunorubicin_is_the_regimen_not_decitabine(lex: Lexicon) -> None:
    dac = named(read_list("DAC (daunorubicin, cytarabine)", lex), "DAC")
    assert not dac.resolved and "daunorubicin" in dac.note


def test_hdac_inhibitor_is_not_cytarabine(lex: Lexicon) -> None:
    reading = read_list("HDAC inhibitor", lex)
    assert [(m.text, m.resolved) for m in reading.mentions] == [("HDAC inhibitor", False)]
    assert "histone deacetylase" in reading.mentions[0].note


@pytest.mark.parametrize("text", ["GO enrichment analysis of the genes",
                                  "patients with a DNR order received no chemotherapy"])
def test_trap_words_in_prose_are_no_drug(lex: Lexicon, text: str) -> None:
    assert read_prose(text, lex).mentions == ()


def test_class_mention_keeps_the_members_the_text_names(lex: Lexicon) -> None:
    reading = read_list("Venetoclax+hypomethylating agent (decitabine, azacitidine)", lex)
    hma = named(reading, "hypomethylating agent")
    assert (hma.kind, hma.target, hma.members) == (CLASS, "hypomethylating-agent",
                                                   ("decitabine", "azacitidine"))
    assert {m.target for m in reading.mentions} == {"ven-hma", "venetoclax",
                                                     "hypomethylating-agent"}
    assert combos(reading) == {frozenset({"venetoclax", "hypomethylating-agent"})}


def test_g_csf_is_a_class_and_no_member_is_chosen(lex: Lexicon) -> None:
    g = named(read_list("G-CSF", lex), "G-CSF")
    assert (g.kind, g.target, g.members) == (CLASS, "g-csf", ())


def test_flt3_inhibitors_such_as(lex: Lexicon) -> None:
    flt3 = read_list("FLT3 inhibitors such as sorafenib and gilteritinib", lex).mentions
    assert [(m.target, m.members) for m in flt3] == [("flt3-inhibitor",
                                                      ("sorafenib", "gilteritinib"))]
    prose = read_prose("For patients with FLT3 mutations, corresponding inhibitors such as "
                       "sorafenib and gilteritinib can be combined.", lex)
    cls = named(prose, "corresponding inhibitors")
    assert (cls.target, cls.method, cls.members) == ("flt3-inhibitor", M.CONTEXT,
                                                     ("sorafenib", "gilteritinib"))


@pytest.mark.parametrize(("text", "expected"), [
    ("Gilteritinib alone or in combination with low dose hypomethylating agent or low dose "
     "cytarabine", {("gilteritinib",), ("gilteritinib", "hypomethylating-agent"),
                    ("gilteritinib", "cytarabine")}),
    ("Single agent Gemtuzumab or Gemtuzumab in combination with alone or in combination with "
     "low dose hypomethylating agent or low dose cytarabine",
     {("gemtuzumab-ozogamicin",), ("gemtuzumab-ozogamicin", "hypomethylating-agent"),
      ("gemtuzumab-ozogamicin", "cytarabine")}),
    ("3+7 (cytarabine and daunorubicine or idarubicine)",
     {("cytarabine", "daunorubicin"), ("cytarabine", "idarubicin")}),
    ("Mitoxantrone - Etoposide - Cytarabine (MEC)",
     {("mitoxantrone", "etoposide", "cytarabine")}),
    ("2CDA 5mg/sqm + low dose cytarabine", {("cladribine", "cytarabine")}),
])
def test_alternatives_are_not_one_combination(lex: Lexicon, text: str,
                                              expected: set[tuple[str, ...]]) -> None:
    assert combos(read_list(text, lex)) == {frozenset(e) for e in expected}


def test_named_regimen_and_its_spelled_out_drugs(lex: Lexicon) -> None:
    reading = read_list("Venetoclax+low dose cytarabine", lex)
    assert {(m.kind, m.target) for m in reading.mentions} == {
        (REGIMEN, "ven-ldac"), (DRUG, "venetoclax"), (DRUG, "cytarabine")}
    assert named(reading, "cytarabine").levels == (LOW,)


def test_clag_combined_with_venetoclax_is_clag_ven(lex: Lexicon) -> None:
    reading = read_prose("CLAG combined with venetoclax for relapsed/refractory AML.", lex)
    assert named(reading, "CLAG combined with venetoclax").target == "clag-ven"


def test_an_unknown_name_is_kept_unresolved(lex: Lexicon) -> None:
    reading = read_list("Venetoclax + Foobarinib", lex)
    foo = named(reading, "Foobarinib")
    assert foo.target is None and foo.note
    assert combos(reading) == {frozenset({"venetoclax", "Foobarinib"})}


def test_ambiguous_abbreviation_is_not_guessed(lex: Lexicon) -> None:
    pred = named(read_list("PRED", lex), "PRED")
    assert pred.target is None and "prednisolone" in pred.note and "prednisone" in pred.note
