"""What a title says in words: its team prefix, the activity or level it names, its numbers.

Real titles are written for people, not parsers: "PMM: Develop and roll out updated pitch
decks", "Deliver 400 MQLs to sales (a 28% increase)", "p95 latency for accounts above 1M
events a day from 620 ms to 300 ms". Lint rules (output-not-outcome, target-already-met,
title-target-mismatch) and `okrctl suggest` (which key results are worth holding as KPIs) read
titles the same way, so the reading lives here, below both. Pure functions of a string.

Verbs are matched in their word forms (launch, launching, launched; run, running, ran; roll
out, rolled out; reimplement, re-implement) from a small table of the verbs OKR titles use
with their irregular forms: a general lemmatiser would add a dependency to recognise a few
dozen verbs, and it would still not know which of them are activities. Third-person forms
(launches, builds, releases) are left out on purpose: at the start of a title they are
nearly always plural nouns ("Releases per week reach 10").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

# --- prefixes --------------------------------------------------------------------------

# "PMM: ...", "Sales Ops - ...", "[Legal] ...", "KR2: ...", "1. ...": who the line is for, or
# its number in a list, written before the title proper. A prefix is short (up to four
# words) and is followed by a colon, a spaced dash or a closing bracket.
_PREFIX = re.compile(
    r"""\s*(?:
        \[[^\]\n]{1,40}\]\s*(?:[:\-–—]\s+)?          # [Legal] or [Legal]:
      | \(?(?:KR|O|OKR)\s*\d+(?:\.\d+)?\)?\s*[:.)\-–—]\s+   # KR2: , O1.
      | \d{1,2}[.)]\s+                                # 1.  2)
      | [A-Za-z0-9][\w&/+.']*(?:[ \t][\w&/+.']+){0,3}   # PMM, Sales Ops, Eng/Infra
        (?:\s*:\s+|\s+[\-–—]\s+)                      # followed by `: ` or ` - `
    )""",
    re.VERBOSE,
)


def strip_prefix(title: str) -> str:
    """The title without a leading team name or list number: `PMM: Develop pitch decks` ->
    `Develop pitch decks`. A title that is nothing but a prefix is returned unchanged."""
    text = title.strip()
    for _ in range(2):  # "KR1: PMM: ..." has two
        found = _PREFIX.match(text)
        if found is None or not text[found.end() :].strip():
            break
        head = found.group(0)
        # "Conversion: 12% -> 18%" and "Uptime: 99.9%" name a metric, not a team; their rest
        # begins with a number, and stripping changes nothing the callers look for, but a
        # prefix of more than one sentence-like word with a verb is not a team name either:
        # keep to what a label looks like (no lowercase-only multi-word phrases).
        words = head.strip(" :-–—[]()").split()
        if len(words) > 1 and all(word.islower() for word in words):
            break
        text = text[found.end() :].strip()
    return text


# --- verbs and their forms -------------------------------------------------------------

Form = Literal["base", "ing", "past"]

# Activities: what a team does, not what becomes true because of it. Base forms; phrasal
# verbs with their particle. Every verb also matches with a `re-` or `re` prefix
# (redesign, re-implement, rewrite) and a `co-` one (co-host).
ACTIVITY_VERBS = (
    "launch", "ship", "release", "write", "publish", "hold", "host", "run", "organize",
    "organise", "attend", "create", "build", "implement", "deploy", "complete", "finish",
    "deliver", "conduct", "migrate", "roll out", "set up", "introduce", "draft", "prepare",
    "send", "start", "do", "perform", "develop", "design", "hire", "execute", "document",
    "track", "test", "begin", "measure", "provide", "identify", "onboard", "automate",
    "kick off", "build out", "spin up", "stand up", "clean up", "wrap up", "put in place",
    "establish", "define", "plan", "schedule", "update", "upgrade", "refactor", "integrate",
    "pilot", "prototype", "train", "audit", "evaluate", "assess", "analyze", "analyse",
    "research", "investigate", "explore", "finalize", "finalise", "formalize", "standardize",
    "consolidate", "revamp", "overhaul", "refresh", "present", "facilitate", "coordinate",
    "participate", "contribute", "submit", "produce", "record", "map", "outline", "interview",
    "give", "speak", "teach", "translate", "instrument", "enable", "move",
)  # fmt: skip

# Past forms (past tense and participle) and -ing forms the spelling rules below do not make.
_IRREGULAR: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "run": (("ran", "run"), ("running",)),
    "write": (("wrote", "written"), ("writing",)),
    "hold": (("held",), ("holding",)),
    "build": (("built",), ("building",)),
    "send": (("sent",), ("sending",)),
    "begin": (("began", "begun"), ("beginning",)),
    "do": (("did", "done"), ("doing",)),
    "set": (("set",), ("setting",)),
    "put": (("put",), ("putting",)),
    "spin": (("spun",), ("spinning",)),
    "stand": (("stood",), ("standing",)),
    "give": (("gave", "given"), ("giving",)),
    "speak": (("spoke", "spoken"), ("speaking",)),
    "teach": (("taught",), ("teaching",)),
}

_VOWELS = frozenset("aeiou")


def _regular(base: str) -> tuple[set[str], set[str]]:
    """Past and -ing forms by the spelling rules, generously: both `shipped` and `shiped`
    are made where doubling is unclear (a form no title contains costs nothing)."""
    past: set[str] = set()
    ing: set[str] = set()
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        past.add(base + "d")
        ing.add(base[:-1] + "ing")
    elif base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        past.add(base[:-1] + "ied")
        ing.add(base + "ing")
    else:
        past.add(base + "ed")
        ing.add(base + "ing")
        last, before = base[-1], base[-2:-1]
        consonant_vowel_consonant = (
            last not in _VOWELS
            and last not in "wxy"
            and before in _VOWELS
            and (len(base) < 3 or base[-3] not in _VOWELS)
        )
        if before and consonant_vowel_consonant:  # ship -> shipped; launch, audit stay
            past.add(base + last + "ed")
            ing.add(base + last + "ing")
    return past, ing


def _forms(base: str) -> dict[str, Form]:
    past, ing = _regular(base)
    irregular = _IRREGULAR.get(base)
    if irregular is not None:
        past, ing = set(irregular[0]), set(irregular[1])
    forms: dict[str, Form] = {word: "past" for word in past}
    forms.update({word: "ing" for word in ing})
    forms[base] = "base"  # `run`, `set` and `put` are their own past: the base reading wins
    return forms


@dataclass(frozen=True, slots=True)
class _Verb:
    lemma: str  # its base form in the table: `roll out`, `implement`
    shown: str  # as reported, with a prefix as spelled: `re-implement`, `redesign`
    form: Form
    words: int  # how many words of the title it takes


@cache
def _lexicon() -> dict[str, list[tuple[tuple[str, ...], str, Form]]]:
    """First word (any form) -> [(the particles after it, the lemma, the form)]."""
    index: dict[str, list[tuple[tuple[str, ...], str, Form]]] = {}
    for lemma in ACTIVITY_VERBS:
        head, *rest = lemma.split()
        for word, form in _forms(head).items():
            index.setdefault(word, []).append((tuple(rest), lemma, form))
    # The longest phrasal verb first: `set up` before a bare `set` (not in the list anyway).
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _words(text: str) -> list[str]:
    return [word.lower().replace("’", "'") for word in _WORD.findall(text)]


def _verb_at(words: list[str], start: int) -> _Verb | None:
    """The activity verb the words begin with at `start`, in any of its forms."""
    if start >= len(words):
        return None
    first = words[start]
    candidates: list[tuple[str, str]] = [(first, "")]
    for prefix in ("re-", "co-", "re"):
        if first.startswith(prefix) and len(first) > len(prefix) + 2:
            candidates.append((first[len(prefix) :], prefix))
    lexicon = _lexicon()
    for word, prefix in candidates:
        for particles, lemma, form in lexicon.get(word, ()):
            following = tuple(words[start + 1 : start + 1 + len(particles)])
            if following == particles:
                return _Verb(lemma, prefix + lemma, form, 1 + len(particles))
    return None


# Verbs that are nouns too, and so can name a metric with the noun after them ("Run rate",
# "Release frequency", "Build time", "Design partners", "Test coverage"); "Measure time to
# first merge" is still an activity.
NOUN_VERBS = frozenset(
    (
        "run", "release", "build", "test", "design", "launch", "track", "hire", "start",
        "plan", "record", "draft", "pilot", "interview", "audit", "research", "map",
        "document", "update", "upgrade", "refresh", "move", "host", "ship", "finish",
        "deploy", "migrate", "onboard", "integrate", "train",
    )
)  # fmt: skip
# What such a verb at the start of a title is not when one of these follows it: "Run rate
# reaches 1.2M", "Release frequency doubles", "Build time under 5 minutes", "Design partners
# signed".
METRIC_NOUNS = frozenset(
    (
        "rate", "rates", "frequency", "time", "times", "velocity", "volume", "count",
        "duration", "speed", "success", "failure", "quality", "coverage", "cadence", "lead",
        "cycle", "size", "cost", "costs", "latency", "throughput", "reliability", "accuracy",
        "ratio", "score", "scores", "partner", "partners", "system", "systems", "suite",
        "suites", "pipeline", "pipelines", "budget", "capacity", "minutes", "hours", "days",
    )
)  # fmt: skip

# After a past or -ing form, what shows it is a verb with an object ("Launched the new flow",
# "Launching the partner program") rather than an adjective or a noun ("Launched features
# drive signups", "Automated tests cover checkout", "Hiring plan approved").
_OBJECT_STARTS = frozenset(
    (
        "the", "a", "an", "our", "their", "its", "his", "her", "my", "your", "all", "every",
        "each", "this", "that", "these", "those", "new", "and", "two", "three", "four", "five",
        "six", "seven", "eight", "nine", "ten", "first", "initial", "v1", "v2", "out", "up",
    )
)  # fmt: skip
_ADVERB = re.compile(r"[a-z]+ly")


@dataclass(frozen=True, slots=True)
class Activity:
    """An activity a title begins with: the verb as reported (`roll out`) and as written."""

    verb: str
    written: str


def activity(title: str) -> Activity | None:
    """The activity a title begins with (after any team prefix), or None.

    "PMM: Develop and roll out pitch decks" -> develop; "Launching the new onboarding flow"
    -> launch; "Re-implement the contract flow" -> re-implement; "Successfully launched the
    beta" -> launch. Not: "Run rate reaches 1.2M" (a metric), "Launched features drive 10%
    more signups" (an adjective), "Releases per week reach 10" (a noun).
    """
    text = strip_prefix(title)
    found = _activity(text)
    if found is None and text != title.strip():
        # What looked like a prefix may be the title's own start: "Launch the beta - phase 1".
        found = _activity(title.strip())
    return found


def _activity(text: str) -> Activity | None:
    words = _words(text)
    start = 1 if words and _ADVERB.fullmatch(words[0]) and words[0] not in ("early", "only") else 0
    verb = _verb_at(words, start)
    if verb is None and start:
        start, verb = 0, _verb_at(words, 0)
    if verb is None:
        return None
    after = words[start + verb.words] if start + verb.words < len(words) else None
    if after in METRIC_NOUNS and verb.lemma in NOUN_VERBS:
        return None
    # A past or -ing form is a verb only with an object after it; otherwise it describes a
    # noun: "Launched features drive signups", "Tracking plan covers every feature".
    if (
        verb.form != "base"
        and after is not None
        and after not in _OBJECT_STARTS
        and not re.match(r"\s*\d", _after_words(text, start + verb.words))
    ):
        return None
    written = " ".join(words[start : start + verb.words])
    return Activity(verb.shown, written)


def _after_words(text: str, count: int) -> str:
    """The text after its first `count` words."""
    found = list(_WORD.finditer(text))
    return text[found[count - 1].end() :] if 0 < count <= len(found) else text


# A title that says it holds a level: "Maintain uptime above 99.9%", "Keeps churn below 2%".
HOLDING = re.compile(
    r"\s*(maintain|keep|stay|sustain|remain|preserve)(?:s|ing)?\b(?<!\bremaining)",
    re.IGNORECASE,
)


def holds_level(title: str) -> str | None:
    """The verb a title that holds a level begins with (after any team prefix): `maintain`,
    `keep`, `stay`, `sustain`, `remain` or `preserve`; None for a title that asks for change."""
    found = HOLDING.match(strip_prefix(title)) or HOLDING.match(title)
    return found.group(1).lower() if found else None


# --- numbers ---------------------------------------------------------------------------

# One number as titles write it: an optional currency, digits with thousands separators and
# decimals, an optional magnitude (K, M, B), percent or a rating scale (`4.6/5`).
_NUMBER = re.compile(
    r"""
    (?P<sign>[+\-−±])?
    (?:(?P<currency>[$€£¥])\s?)?
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    (?:\s?(?P<magnitude>[kKMB]|bn|mn|mm|thousand|million|billion)(?![A-Za-z]))?
    (?P<percent>\s?%|\s?percent\b|\s?pp\b)?
    (?:/(?P<scale>5|10|100)(?![\d.]))?
    """,
    re.VERBOSE,
)
_MAGNITUDE = {
    "k": 1e3, "K": 1e3, "thousand": 1e3, "M": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6,
    "B": 1e9, "bn": 1e9, "billion": 1e9,
}  # fmt: skip
# Units glued to a number that still leave it a plain number: 300ms, 5min, 24h, 2x.
_GLUED_UNITS = frozenset(
    ("ms", "s", "sec", "secs", "min", "mins", "h", "hr", "hrs", "d", "w", "wk", "wks", "mo",
     "x", "m", "gb", "tb", "mb", "kb")
)  # fmt: skip
# A number right after one of these counts or names something rather than stating a level:
# "top 3", "every 2 weeks", "per 100 accounts", "tier 1", "phase 2", "the first 90 days".
QUALIFIERS = frozenset(
    (
        "top", "first", "last", "next", "past", "every", "each", "per", "tier", "level",
        "phase", "step", "stage", "version", "v", "sev", "severity", "priority", "p", "no",
        "number", "wave", "cohort", "day", "week", "month", "quarter", "year", "fy", "q", "h",
        "series", "gen", "generation", "round", "sprint", "iteration", "release", "type",
    )
)  # fmt: skip
RELATIVE_AFTER = re.compile(
    r"\s*(?:x\b|times\b|fold\b|(?:%|percent|pp|points?)?\s*(?:increase|decrease|reduction|"
    r"improvement|growth|more|less|fewer|higher|lower|faster|slower|better|worse|lift|drop|"
    r"decline|uplift|gain|rise|jump)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Number:
    """A number written in a title."""

    text: str  # as written: `$500K`, `28%`, `4.6/5`
    start: int  # where it starts in the title
    end: int
    mantissa: float  # the digits: 500 for `$500K`
    decimals: int  # how many decimals were written: 1 for `4.6`
    multiplier: float  # 1000 for `$500K`
    percent: bool
    currency: bool
    relative: bool  # a change, not a level: `by 20%`, `a 28% increase`, `2x`, `+5`
    year: bool  # 1900 to 2100 written as a plain whole number: most likely a year
    qualifier: bool  # counts or names something: `top 3`, `per 100`, `tier 1`, `7-day`

    @property
    def value(self) -> float:
        return self.mantissa * self.multiplier

    @property
    def level(self) -> bool:
        """Whether it can state a level a key result reaches (not a year, a qualifier or a
        change)."""
        return not (self.relative or self.year or self.qualifier)


_WORD_HYPHEN_BEFORE = re.compile(r"[A-Za-z]-$")  # tier-1
_NUMBER_JOINED_AFTER = re.compile(r"[\-–/:]\d")  # 2026-10, 24/7, 10:30
_NUMBER_JOINED_BEFORE = re.compile(r"\d[\-–/:]$")
_LETTERS = re.compile(r"[A-Za-z]+")
_ADJACENT_WORD = re.compile(r"([A-Za-z]+)[ \t]*$")
_HYPHEN_WORD_AFTER = re.compile(r"-[A-Za-z]")  # 7-day, 30-minute


@lru_cache(maxsize=4096)  # titles repeat across periods and teams; a Number is immutable
def numbers(title: str) -> tuple[Number, ...]:
    """Every number a title writes, in order, with what the words around it say it is."""
    found: list[Number] = []
    for match in _NUMBER.finditer(title):
        start, end = match.start(), match.end()
        before = title[:start]
        after = title[end:]
        # Glued to a word or to another number: p95, Q3, v2.1, tier-1, 2026-10-01, 24/7, 7-day.
        glued_before = before[-1:]
        if (
            glued_before.isalnum()
            or glued_before in ("_", ".")
            or _WORD_HYPHEN_BEFORE.search(before)
        ):
            continue
        if _NUMBER_JOINED_AFTER.match(after) or _NUMBER_JOINED_BEFORE.search(before):
            continue
        glued = _LETTERS.match(after)
        unit_glued = glued is None or glued.group(0).lower() in _GLUED_UNITS
        if not (unit_glued or match["magnitude"] or match["percent"]):
            continue  # 3rd, 2FA, 5G
        digits = match["digits"].replace(",", "")
        mantissa = float(digits)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        magnitude = match["magnitude"] or ""
        if magnitude == "mm" and not match["currency"]:
            magnitude = ""  # 5mm is millimetres; $5mm is five million
        multiplier = _MAGNITUDE.get(magnitude, 1.0)
        # The word right before it (only spaces between): `top 3`, `by 20%`; not `Q4: 50`.
        adjacent = _ADJACENT_WORD.search(before)
        previous = adjacent.group(1).lower() if adjacent else ""
        hyphen_after = _HYPHEN_WORD_AFTER.match(after) is not None
        whole = decimals == 0 and "," not in match["digits"]
        year = (
            whole
            and not (match["currency"] or magnitude or match["percent"])
            and 1900 <= mantissa <= 2100
        )
        relative = (
            match["sign"] is not None
            or RELATIVE_AFTER.match(after) is not None
            or (glued is not None and glued.group(0).lower() == "x")
            or previous == "by"
        )
        found.append(
            Number(
                text=match.group(0).strip(),
                start=start,
                end=end,
                mantissa=mantissa,
                decimals=decimals,
                multiplier=multiplier,
                percent=bool(match["percent"]),
                currency=bool(match["currency"]),
                relative=relative,
                year=year,
                qualifier=previous in QUALIFIERS or hyphen_after,
            )
        )
    return tuple(found)


# Words right before a number that make it the level a key result reaches: "down to 25",
# "reaches 60%", "under 250 ms", "at least 8", "hit $1M". ("by" is a change or a deadline,
# "within" and "of" most often qualify something else: they are not cues.)
TARGET_CUES = (
    "to", "reach", "reaches", "reached", "reaching", "hit", "hits", "at", "under", "below",
    "above", "over", "beyond", "exceed", "exceeds", "exceeding", "least", "most", "than",
    "maximum", "minimum",
)  # fmt: skip
_FILLERS = frozenset(("a", "an", "just", "only", "about", "around", "approximately", "roughly"))
# Between the two numbers of `52 min -> 25 min` and of `from 30 days to 10`: a unit, then
# the arrow or `to`.
_UNIT_WORDS = r"\s*(?:[A-Za-z%/.]+\s*){0,2}"
_APPROX = r"\s*[~≈<>≤≥]?\s*"  # `from ~300 to <50`
_ARROW = re.compile(_UNIT_WORDS + r"(?:->|→|=>)" + _APPROX)
_TO = re.compile(_UNIT_WORDS + r"(?<![A-Za-z])(?:to|-|–)" + _APPROX)


@dataclass(frozen=True, slots=True)
class Stated:
    """What a title states about a key result's numbers."""

    pair: tuple[Number, Number] | None  # `from 52 to 25`, `52 -> 25`: start and target
    levels: tuple[Number, ...]  # numbers a cue presents as the level reached


def _previous_word(title: str, number: Number) -> str:
    words = [w for w in _words(title[: number.start][-60:]) if w not in _FILLERS]
    return words[-1] if words else ""


@lru_cache(maxsize=4096)
def stated(title: str) -> Stated:
    """The start and target a title writes (`from A to B`, `A -> B`), and the numbers it
    presents as a level reached (`to 25`, `reach 60%`, `Deliver 400 MQLs`, `99.9% uptime`)."""
    text = strip_prefix(title)
    offset = title.find(text) if text else 0
    written = [n for n in numbers(title) if n.start >= offset]
    pair: tuple[Number, Number] | None = None
    for first, second in itertools.pairwise(written):
        between = title[first.end : second.start]
        arrow = _ARROW.fullmatch(between) is not None
        from_to = _TO.fullmatch(between) is not None and _previous_word(title, first) == "from"
        if (arrow or from_to) and not (first.year and second.year):
            pair = (first, second)
    levels: list[Number] = []
    head = _words(text)[:1]
    for index, number in enumerate(written):
        if not number.level:
            continue
        previous = _previous_word(title, number)
        if previous in TARGET_CUES:
            levels.append(number)
            continue
        # "Deliver 400 MQLs", "Hire 5 engineers", "99.9% uptime", "400 MQLs delivered":
        # the number right after the title's first word, or the title's first word itself.
        leading = title[offset : number.start].strip()
        if index == 0 and (not leading or (head and _words(leading) == head)):
            levels.append(number)
    return Stated(pair, tuple(levels))


def states_result(title: str) -> bool:
    """Whether a title states a measurable result: a percentage, a money amount, a change
    (`2x`, `a 28% increase`), a start and target (`from 12 to 30`), a level reached (`to 25
    min`, `reach 60%`), or a quantity delivered (`Deliver 400 MQLs`)."""
    text = strip_prefix(title)
    written = numbers(text)
    if any(n.percent or n.currency or (n.relative and not n.year) for n in written):
        return True
    found = stated(text)
    if found.pair is not None or any(_previous_word(text, n) in TARGET_CUES for n in found.levels):
        return True
    verb = activity(text)
    return verb is not None and verb.verb == "deliver" and bool(found.levels)


def describes_activity(title: str) -> Activity | None:
    """The activity a title describes instead of a result: it begins with an activity verb
    and states no measurable result ("Run 3 user tests", but not "Deliver 400 MQLs to sales
    (a 28% increase)"). What output-not-outcome reports, and what `suggest` never drafts a
    KPI from."""
    found = activity(title)
    return None if found is None or states_result(title) else found
