"""Extractive summaries and key terms, made on this machine without any model.

Why extractive: a learner reads the summary to know where a section is going, so the
sentences must be the author's own German, correct and verbatim, and the method must work
offline on a fresh machine in a few milliseconds.

Method (a LexRank/TextRank variant):

1. Every sentence of the section becomes a bag of *content lemmas*: nouns, verbs,
   adjectives, adverbs and names (UPOS), minus a small German stop list of content-class
   words that carry no topic (*sagen*, *wieder*, *ander* ...). A separated verb counts as
   its joined infinitive (*nahmen ... auf* -> *aufnehmen*); the separated particle itself
   is dropped.
2. Each lemma has a weight: its word class (nouns highest, adverbs lowest) times an
   information factor from its lexeme frequency (rare words say more than *Zeit*).
   A multi-word name counts once, by its last token (*Wladimir Putin* -> *Putin*;
   *Lecornus* -> *Lecornu* through the lemmatiser), with a fixed weight a little below
   an ordinary noun, so a section that merely repeats a name is not summarised by it.
   A compound also carries those of its parts that the text uses as words of their own
   (*Klimaschutzplan* -> *Plan*, *Terrorismusbekämpfung* -> *Terrorismus*), at 0.6 weight:
   German says the same thing once as a compound and once plainly.
3. Sentences are linked by the weighted overlap of their lemmas, normalised by the log of
   their sizes (TextRank's length normalisation, so long sentences do not win by bulk).
4. A personalised PageRank (damping 0.85, fixed iteration budget) ranks the sentences; the
   teleport vector is a light position prior: the section's first sentence, the first
   sentence of each paragraph and sentences sharing lemmas with the heading are favoured.
5. Rank times a small selection factor (the lead sentence x1.5, paragraph openers x1.1,
   sentences opening with a pronoun or connector that points back, *Dies ...*, *Doch ...*,
   x0.75 because they read badly out of context) orders the candidates; the top ones are
   chosen greedily, skipping near-duplicates of a chosen one, and returned in reading
   order: 1 sentence for up to 5, 2 for 6-11, then about a sixth of the sentences, never
   more than a third and never more than ``MAX_SENTENCES``.

Everything is deterministic: no randomness, ties broken by position.

Key terms are the lemmas with the highest summed weight x sentence rank, so a term counts
more when it recurs in central sentences.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.core.model import Article, Paragraph, Section, Token

EXTRACTIVE = "extractive"
MAX_SENTENCES = 7
MAX_RANKED = 200  # sentences ranked together; longer texts are nominated block by block
MAX_KEY_TERMS = 6
DAMPING = 0.85
ITERATIONS = 60
REDUNDANCY = 0.6  # a candidate this similar to a chosen sentence is skipped
COMPOUND_SHARE = 0.6  # weight of a compound's part, relative to the part on its own

POS_WEIGHT = {"NOUN": 1.0, "PROPN": 0.8, "VERB": 0.6, "ADJ": 0.5, "ADV": 0.25}
NAME_WEIGHT = 1.1  # names: like a common-ish noun, not like a rare one
NAME_LABELS = frozenset({"PER", "LOC", "ORG", "MISC"})

STOP_LEMMAS = frozenset(
    """
    sein haben werden tun machen geben gehen kommen lassen sagen stehen liegen bleiben
    heißen finden sehen zeigen halten stellen bringen führen nehmen
    ander viel wenig einig mehrere ganz gut neu groß klein erst letzt weit hoch lang
    beide gleich solch eigen weitere weiter möglich bestimmt sogenannt
    auch noch nur schon so dann da hier dort nun jetzt sehr immer wieder mehr bereits
    ebenfalls etwa doch ja aber mal darüber hinaus dabei dazu damit deshalb daher also gar
    zudem erneut mindestens weiterhin bisher heute gestern morgen oft selbst sogar eben
    fast kaum wohl vielleicht bald zwar jedoch allerdings trotzdem dennoch außerdem
    insbesondere vor allem eigentlich natürlich einfach genau gerade überhaupt zunächst
    schließlich dort dahin daran darauf davon davor dafür dagegen darin worauf wie wo
    wann warum weshalb hin her heraus herein zurück vorher nachher später früher
    jahr mal prozent uhr herr frau
    montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz april
    mai juni juli august september oktober november dezember
    """.split()
)
# A sentence opening with one of these leans on the one before; out of context it reads badly.
ANAPHORIC_TAGS = frozenset({"PDS", "PDAT", "PPER"})
ANAPHORIC_OPENERS = frozenset(
    {
        "doch",
        "darüber",
        "deshalb",
        "daher",
        "außerdem",
        "zudem",
        "auch",
        "dabei",
        "dazu",
        "damit",
        "dennoch",
        "trotzdem",
        "allerdings",
        "jedoch",
        "ebenso",
        "stattdessen",
        "dafür",
        "dadurch",
        "darum",
        "deswegen",
        "somit",
        "folglich",
    }
)
FIRST_BONUS = 1.5  # selection factor of the very first sentence (the lead)
LEAD_BONUS = 1.1  # ... of the first sentence of a paragraph
ANAPHORA_FACTOR = 0.75


@dataclass(frozen=True, slots=True)
class Summary:
    """Sentences summarising a text, the terms that carry it, and who produced it."""

    sentences: tuple[str, ...]
    key_terms: tuple[str, ...]
    backend: str = EXTRACTIVE

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    position: int  # index in reading order within the summarised unit
    lead: bool  # first sentence of its paragraph
    anaphoric: bool  # opens with a pronoun or connector pointing back
    bag: dict[str, float]  # lemma key -> weight
    display: dict[str, str]  # lemma key -> display form


def _information(t: Token) -> float:
    """Rarer lexemes say more: 0.4 for the most common words up to 1.6 for rare ones."""
    if t.zipf is None:
        return 1.0
    return min(1.6, max(0.4, (7.0 - t.zipf) / 2.5))


def _is_name(t: Token) -> bool:
    return t.ent in NAME_LABELS or t.pos == "PROPN"


def _bag(tokens: Sequence[Token]) -> tuple[dict[str, float], dict[str, str]]:
    bag: dict[str, float] = {}
    display: dict[str, str] = {}
    n = len(tokens)
    for i, t in enumerate(tokens):
        if t.tag == "PTKVZ" or not any(ch.isalpha() for ch in t.text):
            continue
        if _is_name(t):
            # A multi-token name counts once, by its last token.
            nxt = tokens[i + 1] if i + 1 < n else None
            if nxt is not None and _is_name(nxt) and nxt.ent == t.ent:
                continue
            lemma, weight = t.lemma, NAME_WEIGHT
        elif t.pos in POS_WEIGHT:
            lemma = t.verb_lemma if t.verb_lemma and t.pos == "VERB" else t.lemma
            weight = POS_WEIGHT[t.pos] * _information(t)
        else:
            continue
        key = lemma.lower()
        if key in STOP_LEMMAS or len(key) < 2:
            continue
        if weight > bag.get(key, 0.0):
            bag[key] = weight
        # Prefer the capitalised form for nouns/names: it is how the learner looks it up.
        if key not in display or (lemma[:1].isupper() and not display[key][:1].isupper()):
            display[key] = lemma
    return bag, display


def _anaphoric(tokens: Sequence[Token]) -> bool:
    first = next((t for t in tokens if any(ch.isalpha() for ch in t.text)), None)
    return first is not None and (
        first.tag in ANAPHORIC_TAGS or first.text.lower() in ANAPHORIC_OPENERS
    )


def _sentences_of(paragraphs: Iterable[Paragraph], start: int = 0) -> list[_Sentence]:
    out: list[_Sentence] = []
    pos = start
    for p in paragraphs:
        by_sent: dict[int, list[Token]] = {}
        for t in p.tokens:
            by_sent.setdefault(t.sent, []).append(t)
        spans = p.sentences or ((0, len(p.text)),)
        for i, (a, b) in enumerate(spans):
            text = p.text[a:b].strip()
            if not text:
                continue
            toks = by_sent.get(i, [])
            bag, display = _bag(toks)
            out.append(_Sentence(text, pos, i == 0, _anaphoric(toks), bag, display))
            pos += 1
    _link_compounds(out)
    return out


def _link_compounds(sents: list[_Sentence]) -> None:
    """Let a compound share its parts: *Klimaschutzplan* also counts as *Plan* when the text
    uses *Plan* on its own, *Terrorismusbekämpfung* as *Terrorismus* (linking -s- allowed).

    Only parts that occur as words of the same text are used, so no lexicon is needed.
    """
    vocab: dict[str, float] = {}
    for s in sents:
        for k, w in s.bag.items():
            vocab[k] = max(vocab.get(k, 0.0), w)
    for s in sents:
        extra: dict[str, float] = {}
        for k in s.bag:
            if len(k) < 8:
                continue
            for i in range(4, len(k) - 3):
                head, tail = k[:i], k[i:]
                for part in (head, head[:-1] if head.endswith("s") else "", tail):
                    if part in vocab and part not in s.bag:
                        extra[part] = max(extra.get(part, 0.0), COMPOUND_SHARE * vocab[part])
        s.bag.update(extra)


def _similarity(x: dict[str, float], y: dict[str, float]) -> float:
    if len(x) < 1 or len(y) < 1:
        return 0.0
    if len(x) > len(y):
        x, y = y, x
    shared = sum(min(w, y[k]) for k, w in x.items() if k in y)
    if not shared:
        return 0.0
    return shared / (math.log(2.0 + len(x)) + math.log(2.0 + len(y)))


def _prior(sents: Sequence[_Sentence], heading: dict[str, float]) -> list[float]:
    prior = []
    for s in sents:
        p = 1.0
        if s.position == sents[0].position:
            p += 0.6
        elif s.lead:
            p += 0.25
        if heading:
            p += min(0.6, 0.3 * _similarity(s.bag, heading) * 4)
        if len(s.bag) < 3:  # fragments and one-liners make poor summaries
            p *= 0.5
        prior.append(p)
    total = sum(prior)
    return [p / total for p in prior]


def rank(sents: Sequence[_Sentence], heading: dict[str, float] | None = None) -> list[float]:
    """Personalised PageRank scores of the sentences (sum to 1)."""
    n = len(sents)
    if n == 0:
        return []
    prior = _prior(sents, heading or {})
    if n == 1:
        return [1.0]
    weights = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            w = _similarity(sents[i].bag, sents[j].bag)
            if w:
                weights[i][j] = weights[j][i] = w
    out_sum = [sum(row) for row in weights]
    scores = prior[:]
    for _ in range(ITERATIONS):
        dangling = sum(scores[i] for i in range(n) if not out_sum[i])
        new = [(1.0 - DAMPING + DAMPING * dangling) * prior[j] for j in range(n)]
        for i in range(n):
            if out_sum[i]:
                share = DAMPING * scores[i] / out_sum[i]
                row = weights[i]
                for j in range(n):
                    if row[j]:
                        new[j] += share * row[j]
        delta = sum(abs(a - b) for a, b in zip(new, scores, strict=True))
        scores = new
        if delta < 1e-9:
            break
    return scores


def summary_length(n: int) -> int:
    """How many sentences summarise ``n``: 1-2 for short texts, at most about a third."""
    if n <= 0:
        return 0
    if n <= 4:
        return 1
    return max(1, min(n // 3, 1 + n // 6, MAX_SENTENCES))


def _selection_factor(s: _Sentence, first: int) -> float:
    factor = FIRST_BONUS if s.position == first else LEAD_BONUS if s.lead else 1.0
    return factor * (ANAPHORA_FACTOR if s.anaphoric else 1.0)


def _choose(sents: Sequence[_Sentence], scores: Sequence[float], k: int) -> list[_Sentence]:
    """The ``k`` best sentences by rank x selection factor, minus near-duplicates."""
    first = sents[0].position
    final = [r * _selection_factor(s, first) for s, r in zip(sents, scores, strict=True)]
    order = sorted(range(len(sents)), key=lambda i: (-round(final[i], 12), i))
    chosen: list[int] = []
    for i in order:
        if len(chosen) == k:
            break
        if any(_redundant(sents[i], sents[j]) for j in chosen):
            continue
        chosen.append(i)
    for i in order:  # if redundancy left us short, fill up by rank
        if len(chosen) == k:
            break
        if i not in chosen:
            chosen.append(i)
    return [sents[i] for i in sorted(chosen)]


def _redundant(a: _Sentence, b: _Sentence) -> bool:
    if not a.bag or not b.bag:
        return a.text == b.text
    shared = sum(a.bag[k] for k in a.bag if k in b.bag)
    return shared / min(sum(a.bag.values()), sum(b.bag.values())) > REDUNDANCY


def key_terms(
    sents: Sequence[_Sentence],
    scores: Sequence[float],
    heading: dict[str, float] | None = None,
    limit: int = MAX_KEY_TERMS,
) -> tuple[str, ...]:
    """The lemmas that carry the text: weight x centrality of the sentences they occur in."""
    n = len(sents) or 1
    score: dict[str, float] = {}
    display: dict[str, str] = {}
    first: dict[str, int] = {}
    for s, r in zip(sents, scores, strict=True):
        for key, w in s.bag.items():
            score[key] = score.get(key, 0.0) + w * (0.5 + r * n)
            shown = s.display.get(key)  # compound parts have none here
            if shown and (key not in display or shown[:1].isupper()):
                display[key] = shown
            first.setdefault(key, s.position)
    for key, w in (heading or {}).items():
        if key in score:
            score[key] += w
    ranked = sorted(score, key=lambda k: (-round(score[k], 9), first[k], k))
    chosen: list[str] = []
    for k in ranked:
        if len(chosen) == limit:
            break
        # One of *Terrorismus* / *Terrorismusbekämpfung*: the higher-ranked stands for both.
        if k in display and not any(k in c or c in k for c in chosen):
            chosen.append(k)
    return tuple(display[k] for k in chosen)


def _heading_bag(section: Section) -> dict[str, float]:
    """Heading lemmas: looked up among the section's own tokens (headings are not analysed)."""
    if not section.heading:
        return {}
    words = {w.strip(".,:;!?\"'»«„“”()").lower() for w in section.heading.split()}
    bag: dict[str, float] = {}
    for p in section.paragraphs:
        for t in p.tokens:
            if t.text.lower() in words or t.lemma.lower() in words:
                b, _ = _bag((t,))
                for k, w in b.items():
                    bag[k] = max(bag.get(k, 0.0), w)
    return bag


def _candidates(sents: list[_Sentence], heading: dict[str, float], count: int) -> list[_Sentence]:
    """Cut a long text to a few hundred candidate sentences, block by block.

    The sentence graph is quadratic in the number of sentences; a novel has tens of
    thousands. Each block of MAX_RANKED consecutive sentences nominates its best few, in
    reading order, and the nominees are ranked together (recursively, if still too many).
    """
    while len(sents) > MAX_RANKED:
        nominees: list[_Sentence] = []
        for start in range(0, len(sents), MAX_RANKED):
            block = sents[start : start + MAX_RANKED]
            nominees.extend(_choose(block, rank(block, heading), max(2, count)))
        sents = nominees
    return sents


def _summarise(sents: list[_Sentence], heading: dict[str, float], k: int | None = None) -> Summary:
    if not sents:
        return Summary((), (), EXTRACTIVE)
    count = summary_length(len(sents)) if k is None else k
    sents = _candidates(sents, heading, count)
    scores = rank(sents, heading)
    chosen = _choose(sents, scores, count)
    return Summary(tuple(s.text for s in chosen), key_terms(sents, scores, heading), EXTRACTIVE)


def summarise_section(section: Section) -> Summary:
    """An extractive summary of one section: its own sentences, verbatim, in reading order."""
    return _summarise(_sentences_of(section.paragraphs), _heading_bag(section))


def summarise_article(article: Article) -> Summary:
    """An extractive summary of the whole article, ranked over all its sentences."""
    sents = _sentences_of(article.paragraphs)
    heading: dict[str, float] = {}
    for s in article.sections:
        for k, w in _heading_bag(s).items():
            heading[k] = max(heading.get(k, 0.0), w * 0.5)
    return _summarise(sents, heading)


def section_summaries(article: Article) -> tuple[Summary, ...]:
    """One extractive summary per section, in order."""
    return tuple(summarise_section(s) for s in article.sections)
