"""Help with misspelt names: the closest known name, for "did you mean" hints in any message."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean `target`?)` when a candidate is close enough, else an empty string."""
    if len(word) > 100:  # no name is that long, and comparing megabytes of text takes minutes
        return ""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean `{match[0]}`?)" if match else ""
