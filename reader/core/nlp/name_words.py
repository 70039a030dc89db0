"""Words that decide whether a capitalised word can be a name at all.

Written for this project from general knowledge of German (and of the English that German
news quote); nothing here is taken from an evaluation set.

- ``NEVER_NAMES``: interjections, pronouns (capitalised in address or at a sentence start),
  forms of address, titles and kinship words. *Na*, *Du*, *Major*, *Graf* are in the given
  name list that ``gender-guesser`` installs, and HanTa tags some of them ``NE``; on their
  own they never name anybody (*Herr von Stechlin*, *der Major* are the person's title).
- ``EN_FUNCTION``: English function words; a capitalised run that contains one is a title or
  an organisation's name (*The Lancet*, *In My Arms*), not a person.
- ``EN_ORG_HEADS``: English heads that make a run an organisation (*Sun Microsystems*).
- ``plausible_given``: a given-name list entry that is also an everyday German or English word
  (*Anders*, *Will*, *Line*) counts as a given name only where Wiktionary lists it as one.
"""

from __future__ import annotations

from functools import lru_cache

from reader.core.nlp import tagger_access

INTERJECTIONS_PRONOUNS = frozenset(
    """Na Nu Nun Un Oh O Ah Ach Ei Eia Hm Hum Pah Pfui Ja Jawohl Nein Doch Bah Heda Holla Hallo
    Tja Nanu Aha Oho Ha Haha He Hei Heisa Hurra Juchhe Weh Wehe Au Adieu Ade Servus
    Du Dich Dir Dein Deine Deinen Deinem Deiner Deines Er Ihn Ihm Sie Ihr Ihre Ihren Ihrem Ihrer
    Ihres Es Wir Uns Unser Unsere Ich Mich Mir Mein Meine Euch Euer Eure Man Wer Was""".split()
)
# Forms of address, titles, kinship: the person's title, never the name; after a given name
# some are surnames (Steffi Graf, Roberto Kaiser), which the recogniser allows there.
TITLES = frozenset(
    """Herr Herrn Herren Frau Frauen Fräulein Frl Dame Madame Mademoiselle Monsieur Mister Miss
    Mylord Mylady Sir Lady Lord Baron Barons Baronin Baronesse Graf Grafen Gräfin Fürst Fürsten
    Fürstin Prinz Prinzen Prinzessin König Königs Königin Kaiser Kaisers Kaiserin Herzog Herzogin
    Major Majors Hauptmann Hauptmanns Leutnant Oberst Obersten Oberstleutnant General Generals
    Rittmeister Kapitän Doktor Doktors Pastor Pastors Pfarrer Superintendent Professor Exzellenz
    Durchlaucht Hoheit Majestät Gnaden Domina Tante Onkel Papa Mama Vater Mutter Sohn Tochter
    Bruder Schwester Oberförster Förster Kantor Lehrer Direktor Kommerzienrat Geheimrat Hofrat
    Justizrat Sanitätsrat Amtsrat Assessor Referendar Gott Gottes Herrgott Mamsell Jungfer
    Gnädigste Verehrteste Liebste Liebster Prince Princess King Queen Duke Earl Mistress Mrs Mr
    Madam Signor Signora Don Saint Sankt St St.""".split()
)
NEVER_NAMES = INTERJECTIONS_PRONOUNS | TITLES
EN_FUNCTION = frozenset(
    """The A An Of And In On At To For With From By Into Over My Your Our His Her Its Their Till
    Do Does Us Me I Is Are Be Was Were It This That These You We They Not No Or But If When Up
    Out Down Take Get Let Go All One Two Three New Old Good Bad Best Last Love Life Night Day
    Time Man Men Woman Women Girl Boy World Hearts Heart Blue Black White Red Green Dead Back
    Live Little Big Great Old of and the in on at to for with from by""".split()
)
# English heads that make a run a place or a building (*Traitors Gate*, *Pembroke Lodge*).
EN_PLACE_HEADS = frozenset(
    """Gate Bridge Street Square Lodge Hall Park Castle Abbey Palace Tower House Road Lane
    Avenue Hill River Lake Island Islands Bay Valley Garden Gardens Cathedral Station""".split()
)
EN_ORG_HEADS = frozenset(
    """School College University Institute Institution Theatre Council Foundation Society
    Association Corporation Corp Company Systems Microsystems Technologies Technology Railroad
    Railway Railways Airlines Airways Force Board Bureau Agency Laboratory Laboratories Commission
    Committee Party Church Club United Rovers Wanderers Records Studios Pictures Entertainment
    Bank Trust Fund Group Holdings Industries Motors Media Network Networks Press Times Post
    Journal News Magazine Review""".split()
)


@lru_cache(maxsize=50_000)
def plausible_given(name: str) -> bool:
    """Whether a given-name list entry may be read as a given name in running text."""
    if name in NEVER_NAMES or name in EN_FUNCTION:
        return False
    from reader.core import vocabulary
    from reader.core.nlp import ner_lexicon as lex

    if lex.wiki_name(name) == "GIVEN":
        return True
    low = name.lower()
    de = vocabulary.zipf_of(vocabulary._freq(low, "de"))
    en = vocabulary.zipf_of(vocabulary._freq(low, "en"))
    return de < 4.5 and en < 5.0


OPENERS = frozenset('» « „ “ ” " ‚ ‘ › ‹ ( – — - :'.split())


def after_opener(prev: str | None) -> bool:
    """At a sentence start or right after an opening quote, dash or colon."""
    return prev is None or prev in OPENERS


@lru_cache(maxsize=50_000)
def lower_known(word: str) -> bool:
    """HanTa knows the lower-cased word as an ordinary word (*anders*, *frisch*, *weiß*,
    *will*): capitalised, it is most likely a sentence-initial word, not a name."""
    low = word.lower()
    if low == word:
        return False
    scores = tagger_access.tag_word(low)[:4]
    if not scores:
        return False
    best, score = scores[0]
    return best not in {"NE", "FM", "NN", "XY"} and score > -20


def common_noun(word: str) -> bool:
    """HanTa's lexicon knows the word as a common noun about as well as a name (Wolf, Bach)."""
    scores = dict(tagger_access.tag_word(word)[:4])
    ne = scores.get("NE", -1e9)
    nn = max(scores.get("NN", -1e9), scores.get("NNI", -1e9))
    return nn > -25 and nn >= ne - 4.0


# Words that name a party only in news contexts: *mit der Linken*, *im Grünen* are a hand
# and the countryside.
_PARTY_WORDS = frozenset({"Linke", "Linken", "Grüne", "Grünen"})


_POLITICS = frozenset(
    """SPD CDU CSU FDP AfD BSW Partei Parteien Fraktion Koalition Wahl Wahlen Bundestag Landtag
    Parteitag Opposition Regierung Abgeordnete Abgeordneten Stimmen Prozent Umfrage""".split()
)


def not_a_party(word: str, before: list[str], sentence: list[str]) -> bool:
    """*mit der Linken*, *zur Linken*, *im Grünen*: a hand, a side, the countryside.

    A sentence that speaks of politics (*Koalition*, *SPD*, *Fraktion*) keeps the party."""
    if word not in _PARTY_WORDS or any(w in _POLITICS for w in sentence):
        return False
    prev = before[-1].lower() if before else ""
    prev2 = before[-2].lower() if len(before) > 1 else ""
    if prev in {"zur", "im", "ins", "seiner", "ihrer", "meiner", "deiner", "die", "der"}:
        return prev not in {"die", "der"} or prev2 in {"mit", "in", "zu", "nach", "von", "an"}
    return False
