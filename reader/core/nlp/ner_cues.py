"""Hand-written cue words behind ``reader_entities``: titles, verbs of saying, place nouns,
organisation heads and endings, work nouns, kind-of-thing nouns.

Written for this project from general knowledge of German; none is taken from any
evaluation set. The data-package gazetteers are loaded by ``ner_lexicon``.
"""

from __future__ import annotations

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
