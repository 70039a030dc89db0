"""STTS tags (HanTa's flavour) to UPOS, and lemmas to Universal Dependencies conventions.

HanTa writes some STTS tags with the feature in brackets (``VV(FIN)``, ``ADJ(A)``) and has
two private noun classes (``NNA`` nominalised adjectives, ``NNI`` nominalised infinitives);
we map them back to the 54 standard tags so ``tag`` is plain STTS everywhere.
"""

from __future__ import annotations

_HANTA_TO_STTS = {"NNA": "NN", "NNI": "NN", "UNKNOWN": "XY"}

STTS_TO_UPOS: dict[str, str] = {
    "$(": "PUNCT",
    "$,": "PUNCT",
    "$.": "PUNCT",
    "ADJA": "ADJ",
    "ADJD": "ADJ",
    "ADV": "ADV",
    "APPR": "ADP",
    "APPRART": "ADP",
    "APPO": "ADP",
    "APZR": "ADP",
    "ART": "DET",
    "CARD": "NUM",
    "FM": "X",
    "ITJ": "INTJ",
    "KOKOM": "ADP",
    "KON": "CCONJ",
    "KOUI": "SCONJ",
    "KOUS": "SCONJ",
    "NE": "PROPN",
    "NN": "NOUN",
    "NNE": "PROPN",
    "PDAT": "DET",
    "PDS": "PRON",
    "PIAT": "DET",
    "PIDAT": "DET",
    "PIS": "PRON",
    "PPER": "PRON",
    "PPOSAT": "DET",
    "PPOSS": "PRON",
    "PRELAT": "DET",
    "PRELS": "PRON",
    "PRF": "PRON",
    "PROAV": "ADV",
    "PTKA": "PART",
    "PTKANT": "PART",
    "PTKNEG": "PART",
    "PTKVZ": "ADP",
    "PTKZU": "PART",
    "PWAT": "DET",
    "PWAV": "ADV",
    "PWS": "PRON",
    "TRUNC": "NOUN",
    "VAFIN": "AUX",
    "VAIMP": "AUX",
    "VAINF": "AUX",
    "VAPP": "AUX",
    "VMFIN": "AUX",
    "VMINF": "AUX",
    "VMPP": "AUX",
    "VVFIN": "VERB",
    "VVIMP": "VERB",
    "VVINF": "VERB",
    "VVIZU": "VERB",
    "VVPP": "VERB",
    "XY": "X",
}

FUNCTION_POS = frozenset(
    {"ADP", "AUX", "CCONJ", "DET", "NUM", "PART", "PRON", "PUNCT", "SCONJ", "SYM", "X", "SPACE"}
)
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "PROPN", "INTJ"})


def normalise_tag(hanta_tag: str) -> str:
    """``VV(FIN)`` -> ``VVFIN``, ``ADJ(A)`` -> ``ADJA``, private classes -> standard STTS."""
    if hanta_tag.endswith(")") and "(" in hanta_tag and not hanta_tag.startswith("$"):
        stem, _, feature = hanta_tag[:-1].partition("(")
        hanta_tag = stem + feature
    return _HANTA_TO_STTS.get(hanta_tag, hanta_tag)


def upos(stts: str) -> str:
    return STTS_TO_UPOS.get(stts, "X")


# UD lemma conventions for closed classes (see shared eval README): personal pronouns in the
# nominative, articles and determiners in the masculine nominative singular.
_PPER = {
    "ich": "ich",
    "mich": "ich",
    "mir": "ich",
    "meiner": "ich",
    "du": "du",
    "dich": "du",
    "dir": "du",
    "deiner": "du",
    "er": "er",
    "ihn": "er",
    "ihm": "er",
    "seiner": "er",
    "sie": "sie",
    "ihr": "ihr",
    "ihnen": "sie",
    "ihrer": "sie",
    "es": "es",
    "'s": "es",
    "wir": "wir",
    "uns": "wir",
    "unser": "wir",
    "euch": "ihr",
    "euer": "ihr",
}
_REFLEXIVE = {
    "mich": "ich",
    "mir": "ich",
    "dich": "du",
    "dir": "du",
    "uns": "wir",
    "euch": "ihr",
    "sich": "sich",
}
_ARTICLES = {"der", "die", "das", "den", "dem", "des"}
_INDEF_ARTICLES = {"ein", "eine", "einen", "einem", "einer", "eines"}
# Inflection endings of determiners/pronouns, longest first.
_DET_ENDINGS = ("em", "en", "er", "es", "e")
# Stems whose UD lemma is the masculine nominative (dieser, jener, ...).
_STRONG_DET_STEMS = ("dies", "jen", "welch", "jed", "solch", "manch", "derselb", "dieselb")
_POSSESSIVES = ("mein", "dein", "sein", "ihr", "unser", "eur", "euer")


def ud_lemma(form: str, lemma: str, stts: str) -> str:
    """Bring a HanTa lemma in line with UD German conventions for its word class.

    Open-class lemmas pass through (capitalised for nouns); only pronouns, articles and
    determiners are rewritten, by rule, never by looking up individual word forms.
    """
    low = form.lower()
    if len(form) > 1 and form.isupper() and form.isalpha() and stts in {"NE", "NN", "FM", "XY"}:
        return form  # acronyms stay as written (USA, SPD)
    if stts == "PPER":
        if low == "sie" and form == "Sie":
            return "sie"
        return _PPER.get(low, lemma.lower())
    if stts == "PRF":
        return _REFLEXIVE.get(low, lemma.lower())
    if stts == "ART":
        if low in _ARTICLES:
            return "der"
        if low in _INDEF_ARTICLES:
            return "ein"
        return lemma.lower()
    if stts in {"PDS", "PRELS", "PRELAT"} and low in _ARTICLES | {"dessen", "deren", "derer"}:
        return "der"
    if stts in {"PDAT", "PDS", "PIAT", "PIDAT", "PIS", "PWAT", "PWS"}:
        return _determiner_lemma(low, lemma.lower())
    if stts in {"PPOSAT", "PPOSS"}:
        for stem in _POSSESSIVES:
            if low.startswith(stem):
                return {"eur": "euer"}.get(stem, stem)
        return lemma.lower()
    if stts in {"NN", "NE"} and lemma.lower() == form.lower():
        return form  # HanTa normalises case (Thomann -> Thoman, SPD -> Spd); the form is right
    if stts in {"NN", "NE"} and lemma and lemma[0].islower() and form[:1].isupper():
        return lemma[0].upper() + lemma[1:]
    return lemma


# Quantifiers whose UD lemma is the plural form (alle, einige, mehrere).
_PLURAL_QUANTIFIERS = ("all", "einig", "etlich", "mehrer")


def _determiner_lemma(low: str, lemma: str) -> str:
    for stem in _PLURAL_QUANTIFIERS:
        if low.startswith(stem) and len(low) <= len(stem) + 2:
            return stem + "e"
    for stem in _STRONG_DET_STEMS:
        if low.startswith(stem) and len(low) <= len(stem) + 2:
            return stem + "er"
    if low in {"das", "dies"}:
        return {"das": "der", "dies": "dieser"}[low]
    return lemma


# UD German treats indefinite pronouns that inflect like determiners as DET even when they
# stand alone (alle, andere, viele, jeder); the invariable ones stay PRON.
_INVARIABLE_PRONOUNS = frozenset(
    {"man", "nichts", "nix", "was", "etwas", "niemand", "jemand", "jedermann", "wer", "irgendwer"}
)
_PREPOSITION_PARTICLES = frozenset(
    {
        "ab",
        "an",
        "auf",
        "aus",
        "bei",
        "durch",
        "gegen",
        "mit",
        "nach",
        "statt",
        "über",
        "um",
        "unter",
        "vor",
        "wider",
        "zu",
        "entgegen",
        "gegenüber",
        "hinter",
        "nebst",
        "zwischen",
    }
)
# Day and month names are PROPN in UD German-GSD.
_CALENDAR = frozenset(
    {
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonnabend",
        "sonntag",
        "januar",
        "jänner",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    }
)
_MAIN_VERB_AUX = frozenset(
    {"haben", "wollen", "mögen", "möchten", "können", "müssen", "sollen", "dürfen"}
)
_DEPENDENT_VERB_TAGS = frozenset({"VVINF", "VVPP", "VVIZU", "VAINF", "VAPP", "VMINF", "VMPP"})


def sentence_upos(forms: list[str], lemmas: list[str], tags: list[str]) -> list[str]:
    """UPOS for a sentence: the STTS mapping plus the few UD choices that need context.

    ``haben`` and modal verbs are AUX only when the sentence holds a verb they govern
    (*hat gesagt*, *will gehen*); alone they are main verbs (*hat ein Auto*).
    """
    has_dependent_verb = any(t in _DEPENDENT_VERB_TAGS for t in tags)
    result = []
    for form, lemma, tag in zip(forms, lemmas, tags, strict=True):
        pos = STTS_TO_UPOS.get(tag, "X")
        low = form.lower()
        if tag == "PIS" or tag == "PIAT":
            pos = "PRON" if lemma.lower() in _INVARIABLE_PRONOUNS else "DET"
        elif tag == "ADJA" and lemma.lower() in {"ander", "anderer", "selb", "selber"}:
            pos = "DET"
        elif tag == "PTKVZ":
            pos = "ADP" if low in _PREPOSITION_PARTICLES else "ADV"
        elif tag == "KOKOM":
            pos = "CCONJ" if low == "wie" else "ADP"
        elif tag == "NN" and low in _CALENDAR:
            pos = "PROPN"
        elif pos == "AUX" and lemma in _MAIN_VERB_AUX and not has_dependent_verb:
            pos = "VERB"
        result.append(pos)
    return result
