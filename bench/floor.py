"""The floor: read every goal file under a folder and run ruamel.yaml's C event parser over it.

    python bench/floor.py TREE

No composing, no validation, no rules: nothing okrctl does can be faster than this.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # (re-exported from C)


def main() -> None:
    events = 0
    for directory, subdirs, names in os.walk(sys.argv[1]):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        for name in names:
            if name.endswith((".yaml", ".yml")):
                parser = CParser(Path(directory, name).read_text(encoding="utf-8"))
                while parser.check_event():
                    parser.get_event()
                    events += 1
                parser.dispose()
    print(events)


if __name__ == "__main__":
    main()
