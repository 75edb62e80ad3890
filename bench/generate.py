"""Generate a deterministic synthetic goal tree of a chosen size, for benchmarks and tests.

    python bench/generate.py OUT --files 1000 [--seed 7] [--quarters 4]

Each team gets one KPI file and `quarters` quarterly OKR files (ending with 2026-Q3), so a
tree of N files has N / (quarters + 1) teams. Files mix block and flow style and carry
comments, like hand-written ones; the same arguments always give the same bytes. Every tree
lints without errors, so `score`, `kpi check` and `review` run on it.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PEOPLE = [f"person{n:03d}" for n in range(200)]
METRICS = [
    ("activation rate", "%", 30, 55),
    ("first-response time", "min", 55, 25),
    ("trial-to-paid conversion", "%", 10, 18),
    ("p95 latency", "ms", 600, 250),
    ("customer satisfaction", "/5", 3.9, 4.6),
    ("weekly active teams", "teams", 1200, 2000),
    ("onboarding completion", "%", 40, 70),
    ("escalation rate", "%", 14, 8),
]
THEMES = ["customers", "reliability", "growth", "onboarding", "support", "efficiency"]


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        following = (
            date(self.year + 1, 1, 1)
            if self.number == 4
            else date(self.year, 3 * self.number + 1, 1)
        )
        return following - timedelta(days=1)


def quarters_ending(last: Quarter, count: int) -> list[Quarter]:
    found = [last]
    while len(found) < count:
        q = found[-1]
        found.append(Quarter(q.year - 1, 4) if q.number == 1 else Quarter(q.year, q.number - 1))
    return list(reversed(found))


def number(value: float) -> str:
    return str(round(value, 2)).removesuffix(".0")


def okr_file(rng: random.Random, team: str, quarter: Quarter, owner: str) -> str:
    lines = [
        f"# {team}: objectives for {quarter.label}.",
        "# Scored at quarter end with `okrctl score`.",
        f"team: {team}",
        f"period: {quarter.label}",
        f"owner: {owner}",
        "",
        "objectives:",
    ]
    for o in range(rng.randint(2, 4)):
        kind = rng.choice(["committed", "aspirational"])
        theme = rng.choice(THEMES)
        lines += [
            f"  - id: {theme}-{quarter.label.lower()}-{o + 1}",
            f"    title: Make {theme} a strength in {quarter.label} (#{o + 1})",
            f"    type: {kind}  # decided when written, never at the end",
        ]
        if rng.random() < 0.5:
            lines.append(f"    owner: {rng.choice(PEOPLE)}")
        lines.append("    key_results:")
        for k in range(rng.randint(2, 4)):
            title, unit, start, target = rng.choice(METRICS)
            roll = rng.random()
            if roll < 0.15:
                lines += [
                    f"      - title: Every {theme} playbook signed off by its owner",
                    f"        done: {'true' if rng.random() < 0.5 else 'false'}",
                ]
                continue
            if roll < 0.25:
                lines += [
                    f"      - id: kpi-{k + 1}",
                    f"        title: The team's {title} reaches target",
                    f"        kpi: {team}/kpi-{rng.randint(1, 3)}",
                    f"        target: {number(target)}",
                ]
                continue
            lines += [
                f"      - id: kr-{k + 1}",
                f"        title: {title.capitalize()} from {number(start)} to {number(target)}",
                f"        start: {number(start)}",
                f"        target: {number(target)}",
                f'        unit: "{unit}"',
            ]
            if rng.random() < 0.5:
                lines.append("        weight: 2")
            lines.append("        checkins:")
            day = quarter.start
            for c in range(rng.randint(3, 9)):
                day = day + timedelta(days=rng.randint(5, 9))
                if day > quarter.end:
                    break
                value = start + (target - start) * min(1.0, (c + 1) * rng.uniform(0.05, 0.2))
                confidence = round(rng.uniform(0.3, 0.95), 2)
                if rng.random() < 0.5:
                    lines.append(
                        f"          - {{date: {day}, value: {number(value)}, "
                        f"confidence: {confidence}}}"
                    )
                else:
                    lines += [
                        f"          - date: {day}",
                        f"            value: {number(value)}",
                        f"            confidence: {confidence}",
                        "            note: Weekly check-in, see the team notes",
                    ]
    return "\n".join(lines) + "\n"


def kpi_file(rng: random.Random, team: str, first: date, last: date) -> str:
    lines = [f"# {team}: health signals. Reviewed weekly.", f"team: {team}", "kpis:"]
    for k in range(rng.randint(3, 6)):
        title, unit, start, target = rng.choice(METRICS)
        increasing = target > start
        low, high = sorted((start, target))
        span = high - low
        lines += [
            f"  - id: kpi-{k + 1}",
            f"    title: {title.capitalize()} ({team})",
            f"    owner: {rng.choice(PEOPLE)}",
            f'    unit: "{unit}"',
            "    cadence: monthly",
            f"    band: {{{'min' if increasing else 'max'}: {number(start)}}}",
            f"    target: {number(target)}",
            "    measurements:",
        ]
        day = first
        while day <= last:
            value = low + span * rng.uniform(0.2, 0.9)
            lines.append(f"      - {{date: {day}, value: {number(value)}}}")
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return "\n".join(lines) + "\n"


def generate(out: Path, files: int, seed: int = 7, quarters: int = 4) -> int:
    """Write a goal tree of about `files` files under `out`; returns the number written."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "okrctl.yaml").write_text(
        "# Synthetic tree for benchmarks.\npeople:\n" + "".join(f"  - {p}\n" for p in PEOPLE),
        encoding="utf-8",
    )
    periods = quarters_ending(Quarter(2026, 3), quarters)
    teams = max(1, round(files / (quarters + 1)))
    written = 0
    for t in range(teams):
        team = f"team-{t:05d}"
        folder = out / team
        folder.mkdir(exist_ok=True)
        owner = rng.choice(PEOPLE)
        # The KPI file first: OKR files refer to its KPIs, whatever size cuts the tree short.
        (folder / "kpis.yaml").write_text(
            kpi_file(rng, team, periods[0].start, periods[-1].end), encoding="utf-8"
        )
        written += 1
        for quarter in periods:
            if written >= files:
                return written
            (folder / f"{quarter.label}.yaml").write_text(
                okr_file(rng, team, quarter, owner), encoding="utf-8"
            )
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quarters", type=int, default=4)
    args = parser.parse_args()
    count = generate(args.out, args.files, args.seed, args.quarters)
    print(f"wrote {count} goal files to {args.out}")


if __name__ == "__main__":
    main()
