"""hanta_fast must return exactly what HanTa's own analyze_forward / analyze_viterbi do."""

from __future__ import annotations

from functools import lru_cache

import pytest

from reader.core.nlp import hanta_fast

# Varied real German (and some not so German) words: inflected verbs, long compounds,
# adjectives, function words, names, ß and umlauts, old spellings, foreign words,
# abbreviations, numbers, punctuation, nonsense, 1-3 letters, upper and lower case.
WORDS = """
ging gegangen läuft liefen gesprochen sprach sprichst aufgestanden hätte wäre würdest
gewesen aufzuräumen mitgebracht verschwanden zerbrach erzählte erzählten begegnet
beobachtete überlegte verstanden mussten konnte dürfen möchtest ließ ließen gelassen fuhr
gefahren zog gezogen wusch gewaschen aß gegessen saß gesessen schlief geschlafen anzurufen
abgeholt eingeschlafen umgezogen verabschiedeten rief angerufen vergaß vergessen nimmt
genommen zerrissen beeilt herausgefunden zusammenzufassen spazierengehen kennengelernt
Terrorismusbekämpfung Konzertstätte Bundesverfassungsgericht Haustür Kindergarten
Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz
Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft
Geschwindigkeitsbegrenzung Straßenbahnhaltestelle Fußballweltmeisterschaft Eisenbahnbrücke
Wohnzimmerfenster Kühlschrank Handschuhe Sehenswürdigkeiten Unabhängigkeitserklärung
Krankenversicherung Arbeitslosigkeit Lebensversicherungsgesellschaft Schifffahrt
Kaffeetasse Bahnhofsvorsteher Gartenzwerg Regenschirm Hauptstadt Mittagessen Zeitungsartikel
Landwirtschaftsministerium Kinderwagen Weihnachtsbaum Feuerwehrmann Schreibtischlampe
Freundschaft Wissenschaftler Umweltverschmutzung Staatsangehörigkeit Verantwortung
Herbstnachmittag Sonnenuntergang Kirchturmspitze Pfarrhaus Gutsherr Rittergut Oberförster
schön schöner schönsten größte glücklich unglücklicherweise merkwürdigen hellblaue
dunkelgrünes außergewöhnlich zuverlässige freundlichsten langweilig altmodischer
vorsichtig gutmütige ehrlich schwerfällig liebenswürdigste unvergesslich selbstverständlich
der die das und in zu im am es ob so da wo ja nein nicht auch noch schon nach über für bei
mit ohne gegen durch um aus von vor hinter zwischen neben unter seit während wegen trotz
ich du er sie wir ihr mich dich sich uns euch ihnen dessen deren welcher jemand niemand
Straße groß Fuß weiß heißen Grüße Mädchen Bäume übermorgen Öl Ärger Äpfel Überraschung
Schloß daß muß Kuß Fluß gewiß Thür Thal Rath Theil giebt seyn
Berlin München Goethe Müller Brandenburg Potsdam Rheinsberg Stechow Schmidt Friedrich
Computer Software Restaurant Café Niveau Baby Jazz Pizza Sightseeing Chef Komitee
xyzzy qwrtzp blorft schnurzelbatz aaaaaa zzz kkkk fnord Blubberwurst glibberig snörk
a I x ab ei Uhr Tal Ei Au oh ah hm na tja ü ß ä Ö q Q
1848 3 12. – , . ! ? ... z.B. A4 20er usw. Dr. Nr. S. ca. 3,5 100% §
Nord-Ostsee-Kanal E-Mail Schwarz-Weiß Berlin-Mitte 2-mal geht's hab' Sie's
BERLIN UND STRASSE DER GmbH USA EU BMW
Leute Hause Menschen Augen Zeit Jahre Frau Mann Kinder Welt Leben Hand Tag Nacht Weg
Haus Wasser Geld Arbeit Stadt Land Wort Sache Seite Frage Bild Recht Buch Ende Geschichte
gehen kommen machen sagen sehen wissen denken finden bleiben liegen stehen geben nehmen
kleinen großen alten neuen guten ersten letzten anderen eigenen ganzen einzigen wenigen
vielleicht immer wieder sehr ganz gar wohl doch eben etwa sogar bereits kaum endlich
ebenfalls jedenfalls keineswegs allerdings nämlich trotzdem deshalb darum dennoch
Aufmerksamkeit Geschäftsführerin Bürgermeisterwahl Fahrradschlüssel Zahnarztpraxis
herumzulaufen vorbeigekommen durchgesehen wiederzusehen zurückgekehrt hinuntergestiegen
entgegengekommen übereinstimmen unterschreiben missverstanden verunglückt beschädigt
ärgerlich übermütig höflichste grässlich fröhlichen süßes bläulich gräulich weißlich
Bäcker Bäckerei Metzgerei Schlüsseldienst Überbrückungskredit Ölwechsel Äquatortaufe
""".split()
WORDS.append("")  # HanTa accepts the empty string too


@lru_cache(maxsize=1)
def _original():
    from HanTa.HanoverTagger import HanoverTagger

    return HanoverTagger, HanoverTagger("morphmodel_ger.pgz")


@lru_cache(maxsize=1)
def _tables() -> hanta_fast.Tables:
    from HanTa.HanoverTagger import HanoverTagger

    return hanta_fast.tables(HanoverTagger("morphmodel_ger.pgz"))


def _same(a, b) -> bool:
    """Equal lists, and each number of the same type (HanTa mixes float and numpy.float64)."""
    return a == b and [type(x) for pair in a for x in pair] == [type(x) for pair in b for x in pair]


@lru_cache(maxsize=1)
def _forward_originals() -> dict[str, list]:
    cls, tagger = _original()
    return {w: cls.analyze_forward(tagger, w) for w in WORDS}


def test_word_list_is_varied():
    assert len(set(WORDS)) > 350
    assert any(len(w) > 64 for w in WORDS)  # longer than the padding of base_len
    assert any(len(w) < 4 for w in WORDS)


def test_analyze_forward_is_exact():
    tb = _tables()
    originals = _forward_originals()
    bad = [w for w in WORDS if not _same(hanta_fast.analyze_forward(tb, w), originals[w])]
    assert bad == []


def test_strict_model_is_exact():
    """A tagger built from a model object runs strictly (no unknown morphemes); unknown
    words then get HanTa's [(UNKNOWN, 0)]."""
    cls, loaded = _original()
    model = (
        loaded.tag2int, loaded.int2tag, loaded.LP_s_t, loaded.LP_len_t, loaded.Int_t,
        loaded.LP_hapax_t, loaded.LP_trans, loaded.LP_m_t, loaded.stemdict,
        loaded.LP_trans_word, loaded.LP_wtag, loaded.LP_case_t, loaded.nonstemtags,
        loaded.lemmasuffixtable, loaded.capitalizedlemmata, loaded.cache,
    )  # fmt: skip
    strict = cls(None, model)
    assert strict.strict
    tb = hanta_fast.Tables(strict)
    results = {w: cls.analyze_forward(strict, w) for w in WORDS[::4] + ["xyzzy", "blorft"]}
    assert [w for w, r in results.items() if not _same(hanta_fast.analyze_forward(tb, w), r)] == []
    assert results["xyzzy"] == [(3, 0)]
    for w, r in list(results.items())[:40]:
        for tag, _ in r:
            assert hanta_fast.analyze_viterbi(tb, w, -tag) == cls.analyze_viterbi(strict, w, -tag)


def test_analyze_viterbi_is_exact_for_every_candidate_tag(monkeypatch):
    cls, tagger = _original()
    tb = _tables()
    passes = {True: 0, False: 0}
    search = hanta_fast._search

    def counting(tb, word, follow, strict):
        passes[strict] += 1
        return search(tb, word, follow, strict)

    monkeypatch.setattr(hanta_fast, "_search", counting)
    bad = []
    n = 0
    for w, candidates in _forward_originals().items():
        for tag, _ in candidates:
            targetpos = -tag  # a final state, as HanoverTagger._analyze asks for it
            n += 1
            if hanta_fast.analyze_viterbi(tb, w, targetpos) != cls.analyze_viterbi(
                tagger, w, targetpos
            ):
                bad.append((w, tag))
    assert bad == []
    assert n > 2000
    # both of HanTa's passes ran: without unknown morphemes, and the fallback with them
    assert passes[True] == n and passes[False] > 50


def test_analyze_viterbi_is_exact_for_any_tag():
    """Tags a word cannot end in (HanTa falls back to UNKNOWN) and every other tag."""
    cls, tagger = _original()
    tb = _tables()
    targets = sorted(t for t in tagger.int2tag if t < 0) + [0, 3, 7]
    bad = [
        (w, t)
        for w in ["Haus", "gegangen", "schnurzelbatz", "ab", "x", "", "Konzertstätte", "3,5"]
        for t in targets
        if hanta_fast.analyze_viterbi(tb, w, t) != cls.analyze_viterbi(tagger, w, t)
    ]
    assert bad == []


def test_suffix_memo_limit_keeps_results(monkeypatch):
    from HanTa.HanoverTagger import HanoverTagger

    monkeypatch.setattr(hanta_fast, "_SCORES_LIMIT", 5)
    tb = hanta_fast.Tables(HanoverTagger("morphmodel_ger.pgz"))
    originals = _forward_originals()
    for w in WORDS[:60]:
        assert _same(hanta_fast.analyze_forward(tb, w), originals[w]), w
    assert len(tb._scores) <= 6  # cleared along the way


@pytest.mark.parametrize("word", ["Terrorismusbekämpfung", "gesprochen", "Schloß", "xyzzy"])
def test_memo_tagger_uses_the_fast_searches_with_identical_results(word):
    from reader.core.nlp.memo_tagger import memo_tagger_class

    cls, tagger = _original()
    memo = memo_tagger_class()("morphmodel_ger.pgz", persist=None)
    form = word.lower()
    assert _same(memo._hanta_forward(form), cls.analyze_forward(tagger, form))
    for tag, _ in cls.analyze_forward(tagger, form):
        assert memo._hanta_analyze(form, tag) == cls._analyze(tagger, form, tag, 1)
    assert getattr(memo, "_fast_tables", None) is not None  # the fast path did run
