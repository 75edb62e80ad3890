"""An independent reference of docs/scoring.md's Impact, calibration and historical forecast.

Written from docs/scoring.md and docs/format.md alone (not from okrctl's code), over the plain
dicts a goal file parses to, so that tests/test_reference_learning.py can hold okrctl's JSON
against a second reading of the documentation. It covers the subset the random trees use:
calendar quarters, halves, years and explicit ranges; numeric, milestone and KPI-linked key
results with commit and stretch levels, self-graded scores and drops (no plans or redacted
targets); KPIs with one-sided or two-sided bands; `from_kpi` and `from_kr`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

Doc = dict[str, Any]


def exact(number: float | int) -> Fraction:
    """A number as written: 1.399 is 1399/1000 (the YAML text round-trips through repr)."""
    if isinstance(number, bool):
        return Fraction(int(number))
    if isinstance(number, int):
        return Fraction(number)
    return Fraction(Decimal(repr(number)))


def round3(value: Fraction) -> Fraction:
    """Three decimals, half up (ties away from zero), as docs/scoring.md's "Rounding" says."""
    sign = -1 if value < 0 else 1
    scaled = abs(value) * 1000
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(sign * whole, 1000)


def as_json_number(value: Fraction) -> float:
    return float(Decimal(value.numerator) / Decimal(value.denominator))


def rounded(value: Fraction) -> float:
    """What a JSON number rounded to three decimals reads as."""
    return as_json_number(round3(value))


# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """A calendar quarter, half or year (`kind` Q, H or Y), or an explicit range (`kind` R)."""

    first: date
    last: date
    kind: str

    @property
    def label(self) -> str:
        if self.kind == "R":
            return f"{self.first}..{self.last}"
        if self.kind == "Y":
            return str(self.first.year)
        number = (self.first.month - 1) // (3 if self.kind == "Q" else 6) + 1
        return f"{self.first.year}-{self.kind}{number}"

    @property
    def following(self) -> Period:
        """The one of the same length starting the day after."""
        first = self.last + timedelta(days=1)
        if self.kind == "R":
            return Period(first, first + (self.last - self.first), "R")
        months = {"Q": 3, "H": 6, "Y": 12}[self.kind]
        month = first.month - 1 + months
        after = date(first.year + month // 12, month % 12 + 1, 1)
        return Period(first, after - timedelta(days=1), self.kind)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def as_yaml(self) -> str:
        return f"{{start: {self.first}, end: {self.last}}}" if self.kind == "R" else self.label


def named(year: int, kind: str, number: int = 1) -> Period:
    """`named(2026, "Q", 4)` is 2026-Q4; `named(2026, "Y")` is 2026."""
    months = {"Q": 3, "H": 6, "Y": 12}[kind]
    first = date(year, (number - 1) * months + 1, 1)
    month = first.month - 1 + months
    after = date(first.year + month // 12, month % 12 + 1, 1)
    return Period(first, after - timedelta(days=1), kind)


def period_of(written: Any) -> Period:
    """A file's `period` as the test writes it: a label, or a {start, end} range."""
    if isinstance(written, Period):
        return written
    label = str(written)
    if "-Q" in label or "-H" in label:
        year, rest = label.split("-")
        return named(int(year), rest[0], int(rest[1]))
    return named(int(label), "Y")


# ---------------------------------------------------------------- the tree


@dataclass(frozen=True)
class KeyResult:
    team: str
    period: Period
    objective: Doc
    doc: Doc
    index: int
    file_owner: str | None

    @property
    def id(self) -> str:
        return str(self.doc.get("id", self.index))

    @property
    def ref(self) -> str:
        return f"{self.team}/{self.period.label}/{self.objective['id']}/{self.id}"

    @property
    def committed(self) -> bool:
        return bool(self.objective["type"] == "committed")

    @property
    def owner(self) -> str | None:
        return self.doc.get("owner") or self.objective.get("owner") or self.file_owner

    def dropped_by(self, day: date) -> bool:
        """Dropped from its `date` on (always, without one)."""
        if self.doc.get("status") != "dropped":
            return False
        when = self.doc.get("date")
        return when is None or when <= day


@dataclass(frozen=True)
class Tree:
    files: Sequence[Doc]

    def kpis(self) -> dict[str, Doc]:
        found: dict[str, Doc] = {}
        for file in self.files:
            for kpi in file.get("kpis", []):
                found[f"{file['team']}/{kpi['id']}"] = {**kpi, "team": file["team"]}
        return found

    def objectives(self) -> list[tuple[str, Period, Doc, str | None]]:
        return [
            (file["team"], period_of(file["period"]), objective, file.get("owner"))
            for file in self.files
            for objective in file.get("objectives", [])
        ]

    def key_results(self) -> list[KeyResult]:
        return [
            KeyResult(team, period, objective, doc, index, owner)
            for team, period, objective, owner in self.objectives()
            for index, doc in enumerate(objective["key_results"], start=1)
        ]


# ---------------------------------------------------------------- values and scores


def kpi_value(kpi: Doc, day: date) -> Fraction | None:
    """The last measurement on or before `day` (two on that day: the later one in the file)."""
    found: Fraction | None = None
    latest: date | None = None
    for measurement in kpi.get("measurements", []):
        if measurement["date"] <= day and (latest is None or measurement["date"] >= latest):
            latest, found = measurement["date"], exact(measurement["value"])
    return found


def kr_value(kr: KeyResult, kpis: dict[str, Doc], day: date) -> Fraction | bool | None:
    """The current value as of `day` (docs/scoring.md, "Current value")."""
    doc = kr.doc
    if "kpi" in doc:
        return kpi_value(kpis[doc["kpi"]], day)
    latest: date | None = None
    found: Any = None
    for checkin in doc.get("checkins", []):
        if "value" not in checkin:
            continue
        if checkin["date"] <= day and (latest is None or checkin["date"] >= latest):
            latest, found = checkin["date"], checkin["value"]
    if latest is not None:
        return found if isinstance(found, bool) else exact(found)
    if "done" in doc:
        return bool(doc["done"])
    if "current" in doc:
        return exact(doc["current"])
    return None


def start_of(kr: KeyResult, kpis: dict[str, Doc]) -> Fraction | None:
    """`start`, else (KPI-linked) the KPI's last measurement on or before the first day."""
    if "start" in kr.doc:
        return exact(kr.doc["start"])
    return kpi_value(kpis[kr.doc["kpi"]], kr.period.first)


def kr_score(kr: KeyResult, kpis: dict[str, Doc], day: date) -> Fraction | None:
    """The exact, unrounded score as of `day`; None without a value (which scores 0).

    A self-graded score is the score from its check-in's date on, until a later check-in
    gives another score (a later check-in with a value only does not end it)."""
    graded = [c for c in kr.doc.get("checkins", []) if "score" in c and c["date"] <= day]
    if graded:
        latest = max(c["date"] for c in graded)
        return exact([c for c in graded if c["date"] == latest][-1]["score"])
    value = kr_value(kr, kpis, day)
    if value is None:
        return None
    if isinstance(value, bool):
        return Fraction(1 if value else 0)
    start = start_of(kr, kpis)
    if start is None:
        return None
    target = exact(kr.doc["target"])
    if start == target:  # asks for no change: met or not, in its direction
        goal = {"target": kr.doc["target"], "direction": kpi_kr_direction(kr, kpis), "band": None}
        return Fraction(1 if reaches(value, goal) else 0)
    if "commit" in kr.doc or "stretch" in kr.doc:
        return along_levels(kr.doc, value, start, target)
    progress = (value - start) / (target - start)
    return min(Fraction(1), max(Fraction(0), progress))


def along_levels(doc: Doc, value: Fraction, start: Fraction, target: Fraction) -> Fraction:
    """Straight lines through start -> 0, commit -> 0.3, target -> 0.7 (1.0 with nothing
    beyond it), stretch -> 1.0; 0 before start, 1.0 past the last level."""
    points = [(start, Fraction(0))]
    if "commit" in doc:
        points.append((exact(doc["commit"]), Fraction(3, 10)))
    points.append((target, Fraction(7, 10) if "stretch" in doc else Fraction(1)))
    if "stretch" in doc:
        points.append((exact(doc["stretch"]), Fraction(1)))
    sign = 1 if target > start else -1  # going down: the levels going down
    value = value * sign
    if value <= points[0][0] * sign:
        return Fraction(0)
    for (low, low_score), (high, high_score) in pairwise(points):
        if value <= high * sign:
            share = (value - low * sign) / ((high - low) * sign)
            return low_score + (high_score - low_score) * share
    return Fraction(1)


def verdict_met(kr: KeyResult, score: Fraction, success: Fraction) -> bool:
    """Committed: met only at 1.0; aspirational: success from 0.7 (on the rounded score)."""
    shown = round3(score)
    return shown >= 1 if kr.committed else shown >= success


# ---------------------------------------------------------------- calibration


@dataclass
class CalibrationRow:
    finished: int = 0
    met: int = 0
    forecasts: int = 0
    squares: Fraction = Fraction(0)
    missed_sum: Fraction = Fraction(0)
    missed_count: int = 0

    def as_json(self, minimum: int) -> Doc:
        enough = self.finished >= minimum
        return {
            "finished": self.finished,
            "met": self.met,
            "forecasts": self.forecasts,
            "brier": rounded(self.squares / self.forecasts) if enough else None,
            "missed_confidence": (
                rounded(self.missed_sum / self.missed_count)
                if enough and self.missed_count
                else None
            ),
        }


def calibration(
    tree: Tree,
    as_of: date,
    success: Fraction = Fraction(7, 10),
    minimum: int = 5,
    team: str | None = None,
    since: Period | None = None,
) -> dict[str, dict[str, Doc]]:
    """{"teams": {name: row}, "owners": {name: row}} as docs/scoring.md's calibration says
    (`team`, `since`: `--team`, `--since`)."""
    kpis = tree.kpis()
    teams: dict[str, CalibrationRow] = {}
    owners: dict[str, CalibrationRow] = {}
    for kr in tree.key_results():
        period = kr.period
        if period.last > as_of or kr.dropped_by(period.last):
            continue
        if (team is not None and kr.team != team) or (
            since is not None and period.first < since.first
        ):
            continue
        confidences = [
            exact(c["confidence"])
            for c in kr.doc.get("checkins", [])
            if "confidence" in c and period.first <= c["date"] <= period.last
        ]
        if not confidences:
            continue
        score = kr_score(kr, kpis, period.last) or Fraction(0)
        outcome = 1 if verdict_met(kr, score, success) else 0
        rows = [teams.setdefault(kr.team, CalibrationRow())]
        if kr.owner is not None:
            rows.append(owners.setdefault(kr.owner, CalibrationRow()))
        for row in rows:
            row.finished += 1
            row.met += outcome
            row.forecasts += len(confidences)
            row.squares += sum(((c - outcome) ** 2 for c in confidences), Fraction(0))
            if not outcome:
                row.missed_sum += sum(confidences, Fraction(0))
                row.missed_count += len(confidences)
    return {
        "teams": {name: row.as_json(minimum) for name, row in teams.items()},
        "owners": {name: row.as_json(minimum) for name, row in owners.items()},
    }


# ---------------------------------------------------------------- historical forecast


def median(values: Sequence[Fraction]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def historical_forecasts(tree: Tree, as_of: date) -> dict[str, Doc | None]:
    """Every key result of a period under way at `as_of`: its historical forecast or None."""
    kpis = tree.kpis()
    key_results = tree.key_results()
    found: dict[str, Doc | None] = {}
    for kr in key_results:
        period = kr.period
        if not (period.first <= as_of < period.last):
            continue
        elapsed = Fraction((as_of - period.first).days, period.days)
        gaps: list[Fraction] = []
        periods: set[Period] = set()
        for past in key_results:
            same_kind = past.period.kind == period.kind
            if past.team != kr.team or not same_kind or past.period.last >= period.first:
                continue
            end = past.period.last
            if past.dropped_by(end):
                continue
            final = kr_score(past, kpis, end)
            if final is None:
                continue
            point_day = past.period.first + timedelta(days=int(elapsed * past.period.days))
            then = kr_score(past, kpis, point_day) or Fraction(0)
            gaps.append(final - then)
            periods.add(past.period)
        now = kr_score(kr, kpis, as_of)
        if len(periods) < 2 or kr.dropped_by(as_of) or now is None:
            found[kr.ref] = None
            continue
        gap = median(gaps)
        forecast = min(Fraction(1), max(Fraction(0), now + gap))
        found[kr.ref] = {
            "score": rounded(forecast),
            "gap": rounded(gap),
            "key_results": len(gaps),
            "periods": len(periods),
        }
    return found


# ---------------------------------------------------------------- impact


def kpi_kr_direction(kr: KeyResult, kpis: dict[str, Doc]) -> str | None:
    """`direction`, else from start to target; without a start (or one equal to the target),
    the KPI's one-sided band; None when nothing tells (docs/scoring.md, Impact, "The goal")."""
    if "direction" in kr.doc:
        return str(kr.doc["direction"])
    start, target = start_of(kr, kpis), exact(kr.doc["target"])
    if start is not None and start != target:
        return "decrease" if target < start else "increase"
    band = kpis[kr.doc["kpi"]].get("band") or {}
    if ("min" in band) != ("max" in band):
        return "increase" if "min" in band else "decrease"
    return None


def reaches(value: Fraction, goal: Doc) -> bool:
    if goal["band"] is not None:
        low, high = goal["band"].get("min"), goal["band"].get("max")
        return (low is None or value >= exact(low)) and (high is None or value <= exact(high))
    target = exact(goal["target"])
    if goal["direction"] is None:
        return value == target  # no direction known: only the target itself meets it
    return value >= target if goal["direction"] == "increase" else value <= target


def measurements_between(kpi: Doc, first: date, last: date) -> list[Fraction]:
    return [exact(m["value"]) for m in kpi.get("measurements", []) if first <= m["date"] <= last]


def plain(value: Fraction | None) -> float | None:
    return None if value is None else as_json_number(value)


def _objective_impacts(tree: Tree, as_of: date) -> Iterable[Doc]:
    kpis = tree.kpis()
    for team, period, objective, _owner in tree.objectives():
        goals: dict[str, tuple[Doc, str | None]] = {}
        for index, doc in enumerate(objective["key_results"], start=1):
            kr = KeyResult(team, period, objective, doc, index, None)
            # "a dropped key result is left out", whatever its `date`.
            if "kpi" not in doc or doc.get("status") == "dropped":
                continue
            goal = {"target": doc["target"], "direction": kpi_kr_direction(kr, kpis), "band": None}
            goals.setdefault(doc["kpi"], (goal, kr.ref))
        if "from_kpi" in objective and objective["from_kpi"] not in goals:
            band = kpis[objective["from_kpi"]].get("band")
            goals[objective["from_kpi"]] = ({"target": None, "band": band}, None)
        for kpi_ref, (goal, key_result) in goals.items():
            kpi = kpis[kpi_ref]
            yield _judge(
                {"kind": "objective", "ref": f"{team}/{period.label}/{objective['id']}"},
                kpi_ref,
                key_result,
                goal,
                kpi,
                period,
                as_of,
            )


def _judge(
    head: Doc,
    kpi_ref: str,
    key_result: str | None,
    goal: Doc,
    kpi: Doc,
    period: Period,
    as_of: date,
) -> Doc:
    following = period.following
    if as_of < period.first:
        # "Nothing measured after the as-of date is read: a period that has not begun at the
        # as-of date has no values yet (too-early)."
        return {
            **head,
            "kpi": kpi_ref,
            "key_result": key_result,
            "before": None,
            "end": None,
            "after": None,
            "measured_after": 0,
            "verdict": "too-early",
        }
    before = kpi_value(kpi, period.first)
    end = kpi_value(kpi, min(period.last, as_of))
    after = kpi_value(kpi, min(following.last, as_of)) if as_of >= following.first else None
    since = measurements_between(kpi, following.first, min(following.last, as_of))
    verdict: str
    judged_after = False
    if as_of < period.last:
        verdict = "too-early"
    elif end is None or (goal["target"] is None and goal["band"] is None):
        verdict = "no-data"
    elif not reaches(end, goal):
        verdict = "not-moved"
    else:
        judged_after = True
        if any(not reaches(value, goal) for value in since):
            verdict = "moved-then-slipped"
        elif as_of < following.last:
            verdict = "too-early"
        elif not since:
            verdict = "no-data"
        else:
            verdict = "moved-and-held"
    return {
        **head,
        "kpi": kpi_ref,
        "key_result": key_result,
        "before": plain(before),
        "end": plain(end),
        "after": plain(after),
        "measured_after": len(since) if judged_after else 0,
        "verdict": verdict,
    }


def _graduated_impacts(tree: Tree, as_of: date) -> Iterable[Doc]:
    for kpi_ref, kpi in tree.kpis().items():
        if "from_kr" not in kpi:
            continue
        _team, label, _objective, _kr = kpi["from_kr"].split("/")
        period = period_of(label)
        band = kpi.get("band")
        end = kpi_value(kpi, min(period.last, as_of))
        since = [
            exact(m["value"])
            for m in kpi.get("measurements", [])
            if period.last < m["date"] <= as_of
        ]
        judged_after = False
        if as_of < period.first:  # not begun: no values yet (see _judge)
            yield {
                "kind": "graduated",
                "ref": kpi_ref,
                "kpi": kpi_ref,
                "key_result": kpi["from_kr"],
                "before": None,
                "end": None,
                "after": None,
                "measured_after": 0,
                "verdict": "too-early",
            }
            continue
        if as_of < period.last:
            verdict = "too-early"
        elif band is None or end is None:
            verdict = "no-data"
        elif not reaches(end, {"band": band}):
            verdict = "not-moved"
        else:
            judged_after = True
            if any(not reaches(value, {"band": band}) for value in since):
                verdict = "moved-then-slipped"
            elif as_of < period.following.last:
                verdict = "too-early"
            elif not since:
                verdict = "no-data"
            else:
                verdict = "moved-and-held"
        yield {
            "kind": "graduated",
            "ref": kpi_ref,
            "kpi": kpi_ref,
            "key_result": kpi["from_kr"],
            "before": plain(kpi_value(kpi, period.first)),
            "end": plain(end),
            "after": plain(kpi_value(kpi, as_of)) if as_of > period.last else None,
            "measured_after": len(since) if judged_after else 0,
            "verdict": verdict,
        }


def impacts(tree: Tree, as_of: date) -> list[Doc]:
    """Every judged KPI, objectives' and graduated ones' (order not specified here)."""
    return [*_objective_impacts(tree, as_of), *_graduated_impacts(tree, as_of)]
