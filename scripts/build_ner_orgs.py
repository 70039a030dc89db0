"""Build ``reader/data/ner_orgs.tsv.gz``: names of companies, brands and products (ORG / MISC).

Sources (registry packages only, nothing fetched at run time, nothing from evaluation data):

- pytickersymbols (MIT): the member companies of 20 stock indices (DAX, MDAX, SDAX, TecDAX,
  Euro Stoxx 50, S&P 500, Nikkei 225 ...), about 1,800 names. Each name is kept as listed
  and without its legal form (*Infineon Technologies AG* -> *Infineon Technologies*,
  *Volkswagen Group* -> *Volkswagen*), since news write the short name.
- A short hand-written list of German organisations, brands and products that news name
  every day and that no index lists (public bodies, unions, parties, railways, products),
  written from general knowledge for this project.

Single index names that German Wiktionary knows as a common noun (*Visa*, *Bayer*
"Bavarian", *Continental*) are dropped: a name there must come from context.
A label ending in ``!`` (the hand list) wins over a place of the same name in
``ner_gazetteer`` (*Toyota* the maker, not the city); index names never do (*Salzgitter*).
Rebuild with::

    .venv/bin/python scripts/build_ner_orgs.py
"""

from __future__ import annotations

import re

from ner_tsv import DATA, write_entries
from pytickersymbols import PyTickerSymbols

from reader.core.nlp import ner_lexicon as lex

OUT = DATA / "ner_orgs.tsv.gz"

_LEGAL = re.compile(
    r",?\s+(?:AG|SE|SA|S\.A\.|NV|N\.V\.|plc|PLC|Inc\.?|Corp\.?|Corporation|Co\.,? Ltd\.?|Ltd\.?"
    r"|Limited|Group|Holdings?|Company|GmbH|KGaA|& Co\.? KGaA|ASA|AB|Oyj|S\.p\.A\.|SpA)$"
)
_OK = re.compile(r"^[A-ZÄÖÜ0-9][\w&.'’\- ]*$")

# Organisations, brands and products of everyday German news that no stock index lists.
HAND_ORG = """Deutsche Bahn|DB|IG Metall|GDL|Technisches Hilfswerk|THW|Bundesagentur für
Arbeit|Bundeskriminalamt|Bundesnachrichtendienst|Verfassungsschutz|Bundesverfassungsgericht|
Bundesgerichtshof|Europäische Zentralbank|Europäische Kommission|EU-Kommission|Europäisches
Parlament|Vereinte Nationen|Rotes Kreuz|Deutsches Rotes Kreuz|DRK|Caritas|Diakonie|Greenpeace|
Amnesty International|Ärzte ohne Grenzen|Stiftung Warentest|Forsa|Infratest dimap|Allensbach|
Forschungsgruppe Wahlen|YouGov|Frankfurter Allgemeine Zeitung|FAZ|Süddeutsche Zeitung|
Die Zeit|Der Spiegel|Bild-Zeitung|Die Welt|Handelsblatt|Tagesspiegel|taz|
Deutsche Welle|Deutschlandfunk|Tagesschau|Bündnis 90/Die Grünen|Die Linke|Freie Wähler|
BSW|Bündnis Sahra Wagenknecht|Junge Union|Jusos|Tesla|Audi|Opel|Toyota|Honda|Nissan|
Hyundai|Kia|Hitachi|Nokia|Renault|Peugeot|Fiat|Skoda|Volvo|Boeing|Airbus|Lufthansa|Ryanair|Eurowings|
Aldi|Lidl|Edeka|Rewe|Kaufland|Rossmann|dm|Ikea|H&M|Zara|Zalando|
Amazon|Google|Alphabet|Facebook|Instagram|WhatsApp|TikTok|YouTube|Twitter|Netflix|Spotify|
Microsoft|Apple|Samsung|Huawei|Xiaomi|Nvidia|Intel|OpenAI|Uber|Airbnb|Deutsche Post|DHL|
Telekom|Vodafone|Telefónica|O2|Sparkasse|Sparkassen|Volksbank|Postbank|ING|Deutsche
Börse|Bosch|ZF|Thyssenkrupp|ThyssenKrupp|Uniper|Eon|EnBW|Vattenfall|Gazprom|
Rosneft|Aeroflot|Wagner-Gruppe|Hamas|Hisbollah|Huthi|Taliban|Nato|Uno|Unicef|Unesco|IAEA|WTO|
Opec|Interpol|Frontex|Bundespolizei|Kreml|Weißes Haus|Pentagon|Elysée|Downing Street""".replace(
    "\n", " "
)
HAND_MISC = """iPhone|iPad|Windows|Android|ChatGPT|Model Y|Model 3|Model S|Model X|Passat|
Tiguan|ID.3|ID.4|Cybertruck|Bitcoin|Dax|DAX|MDax|TecDax|Dow Jones|Nasdaq|Bundesliga|
Champions League|Europa League|Olympische Spiele|Olympischen Spiele|Olympischen Spielen|
Eurovision Song Contest|Oscar|Oscars|Grammy|Bundesverdienstkreuz|Nobelpreis|Deutschlandticket|
Bürgergeld|Hartz IV|Brexit|Covid-19""".replace("\n", " ")


def _common(word: str) -> bool:
    """A single word that German text uses as an ordinary word (Target, Visa, Bayer)."""
    if " " in word or "-" in word:
        return False
    return lex.wiki_common(word) or lex.wiki_common(word.capitalize())


def build() -> dict[str, str]:
    out: dict[str, str] = {}
    for names, label in ((HAND_MISC, "MISC"), (HAND_ORG, "ORG")):
        for name in names.split("|"):
            name = " ".join(name.split())
            if name:  # chosen by hand: kept even where also a common noun (Tesla), and
                out.setdefault(name, label + "!")  # "!": wins over a place (Toyota)
    tick = PyTickerSymbols()
    for stock in tick.get_all_stocks():
        full = " ".join(stock["name"].split())
        for name in {full, _LEGAL.sub("", full), _LEGAL.sub("", _LEGAL.sub("", full))}:
            name = name.strip(" ,")
            if name.startswith("The "):
                name = name[4:]
            if len(name) < 3 or not _OK.match(name) or _common(name) or name.isdigit():
                continue
            out.setdefault(name, "ORG")
    return out


def main() -> None:
    write_entries(OUT, build(), "scripts/build_ner_orgs.py (pytickersymbols, hand list)")


if __name__ == "__main__":
    main()
