"""Help with misspelt names: the closest known name, for "did you mean" hints in any message."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate close enough to `word` to be what was meant, if any."""
    if len(word) > 100:  # no name is that long, and comparing megabytes of text takes minutes
        return None
    # The word itself is no suggestion: where it is refused although known elsewhere (`value`
    # in a KPI-linked check-in), "did you mean `value`?" would only confuse.
    known = [name for name in candidates if name != word]
    # A name that differs only in case is the one meant, however short (`p1` for `P1`).
    same = [name for name in known if name.casefold() == word.casefold()]
    match = same[:1] or difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean `target`?)` when a candidate is close enough, else an empty string."""
    match = closest(word, candidates)
    return f" (did you mean `{match}`?)" if match else ""
