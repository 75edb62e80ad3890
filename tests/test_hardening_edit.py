"""Issue 14, second hardening round: a findings flood is capped (6); nothing is created or
written outside the tree through a symbolic link (10); a folder okrctl cannot read is a finding,
never skipped in silence (12); every file lint accepts can be edited (13).

Commands run in-process through `okrctl.cli.main`, on trees written to tmp_path, except where a
real process is what is tested (dropping privileges to make a folder unreadable, since root
reads everything).
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import shutil
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.error import YAMLError

from okrctl import clock
from okrctl.cli import main
from okrctl.edit.atomic import create_new, create_temporary
from okrctl.edit.document import Document, EditError, compose
from okrctl.load.yamlparse import parse_yaml
from tests.editing import TODAY, copy_examples, snapshot

CORPUS = Path(__file__).parent / "data" / "hostile"
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def _exit_code(stop: SystemExit) -> int:
    return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)


def run(folder: Path, *args: str) -> Outcome:
    """The whole command line in-process, from `folder`, on TODAY."""
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(folder)
    token = clock.TODAY.set(lambda: TODAY)
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as stop:
                code = _exit_code(stop)
    finally:
        clock.TODAY.reset(token)
        os.chdir(previous)
    return Outcome(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("FORCE_COLOR", "GITHUB_STEP_SUMMARY", "OKRCTL_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def files_below(root: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry below `root` (links not followed): files with their bytes, links with
    their target, folders as such."""
    found: dict[str, tuple[str, bytes | str]] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_dir():
            found[name] = ("folder", "")
        else:
            found[name] = ("file", path.read_bytes())
    return found


# -- 6: a findings flood ----------------------------------------------------------------------

FLOOD_SUMMARY = (
    "... and {more} more `invalid-value` findings in this file (only the first {cap} are "
    "listed: `lint.max_findings_per_rule` in okrctl.yaml)"
)
NOT_A_KPI = "a KPI must be a mapping with `id`, `title`, `owner` and `band`, got the number 1"


def flood(folder: Path, items: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "flood.yaml"
    path.write_text("team: support\nkpis:\n" + "- 1\n" * items, encoding="utf-8")
    return path


def test_the_corpus_flood_lists_100_findings_then_counts_the_rest(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "findings-flood.yaml", tmp_path)
    result = run(tmp_path, "lint", "--format", "json", ".")
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert len(findings) == 101
    # The file's two comment lines and its header come first: KPI n is on line 4 + n.
    assert [(f["line"], f["column"], f["message"]) for f in findings[:100]] == [
        (5 + n, 3, NOT_A_KPI) for n in range(100)
    ]
    assert findings[100] == {
        "path": "findings-flood.yaml",
        "line": 105,
        "column": 3,
        "code": "OK005",
        "rule": "invalid-value",
        "severity": "error",
        "message": FLOOD_SUMMARY.format(more=50, cap=100),
    }
    assert json.loads(result.out)["summary"]["errors"] == 101
    text = run(tmp_path, "lint", ".")
    assert text.code == 1
    assert (
        "findings-flood.yaml:105:3: error: "
        + FLOOD_SUMMARY.format(more=50, cap=100)
        + " [OK005 invalid-value]\n"
    ) in text.out
    assert text.out.endswith("Found 101 errors in 1 of 1 file.\n")


@pytest.mark.parametrize(("cap", "listed"), [(10, 10), (148, 148), (150, 150), (0, 150)])
def test_the_cap_is_set_in_okrctl_yaml(tmp_path: Path, cap: int, listed: int) -> None:
    flood(tmp_path, 150)
    (tmp_path / "okrctl.yaml").write_text(f"lint:\n  max_findings_per_rule: {cap}\n")
    result = run(tmp_path, "lint", "--format", "json", ".")
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert [f["message"] for f in findings[:listed]] == [NOT_A_KPI] * listed
    if listed == 150:  # 0 is no cap, and a cap of 150 is not reached
        assert len(findings) == 150
    else:
        assert len(findings) == listed + 1
        assert (findings[-1]["line"], findings[-1]["message"]) == (
            3 + listed,
            FLOOD_SUMMARY.format(more=150 - listed, cap=listed),
        )


def test_one_more_finding_is_said_in_the_singular(tmp_path: Path) -> None:
    flood(tmp_path, 4)
    (tmp_path / "okrctl.yaml").write_text("lint: {max_findings_per_rule: 3}\n")
    findings = json.loads(run(tmp_path, "lint", "--format", "json", ".").out)["findings"]
    assert findings[-1]["message"] == (
        "... and 1 more `invalid-value` finding in this file (only the first 3 are listed: "
        "`lint.max_findings_per_rule` in okrctl.yaml)"
    )


def test_a_cap_that_is_not_a_whole_number_is_a_finding(tmp_path: Path) -> None:
    flood(tmp_path, 3)
    (tmp_path / "okrctl.yaml").write_text("lint: {max_findings_per_rule: -1}\n")
    result = run(tmp_path, "lint", ".")
    assert result.code == 1
    assert (
        "okrctl.yaml:1:31: error: `lint.max_findings_per_rule`: expected a whole number, 0 or "
        "more, got the number -1 [OK005 invalid-value]\n"
    ) in result.out


def test_silenced_findings_are_not_counted(tmp_path: Path) -> None:
    path = flood(tmp_path, 6)
    lines = path.read_text().splitlines()
    lines[3] += "  # okrctl: disable=invalid-value"  # the second KPI
    path.write_text("\n".join(lines) + "\n")
    (tmp_path / "okrctl.yaml").write_text("lint: {max_findings_per_rule: 2}\n")
    findings = json.loads(run(tmp_path, "lint", "--format", "json", ".").out)["findings"]
    assert [(f["line"], f["message"]) for f in findings] == [
        (3, NOT_A_KPI),
        (5, NOT_A_KPI),
        (6, FLOOD_SUMMARY.format(more=3, cap=2)),
    ]


def test_the_cap_is_per_rule_and_per_file(tmp_path: Path) -> None:
    flood(tmp_path / "b", 3)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "flood.yaml").write_text(
        "team: other\nkpis:\n- 1\n- 1\n- 1\n- {id: x, band: {min: 1}}\n- {id: y, band: {min: 1}}\n"
    )
    (tmp_path / "okrctl.yaml").write_text("lint: {max_findings_per_rule: 2}\n")
    findings = json.loads(run(tmp_path, "lint", "--format", "json", ".").out)["findings"]
    assert [(f["path"], f["line"], f["rule"], f["message"][:12]) for f in findings] == [
        ("a/flood.yaml", 3, "invalid-value", "a KPI must b"),
        ("a/flood.yaml", 4, "invalid-value", "a KPI must b"),
        ("a/flood.yaml", 5, "invalid-value", "... and 1 mo"),
        ("a/flood.yaml", 6, "missing-field", "KPI is missi"),
        ("a/flood.yaml", 6, "missing-field", "KPI is missi"),
        # x and y are checked as far as they are valid (issue 15): no cadence either.
        ("a/flood.yaml", 6, "kpi-without-cadence", "KPI `other/x"),
        ("a/flood.yaml", 7, "missing-field", "... and 2 mo"),
        ("a/flood.yaml", 7, "kpi-without-cadence", "KPI `other/y"),
        ("b/flood.yaml", 3, "invalid-value", "a KPI must b"),
        ("b/flood.yaml", 4, "invalid-value", "a KPI must b"),
        ("b/flood.yaml", 5, "invalid-value", "... and 1 mo"),
    ]


def test_score_lists_the_capped_findings_and_stops(tmp_path: Path) -> None:
    flood(tmp_path, 150)
    result = run(tmp_path, "score", "--as-of", "2026-11-22")
    assert result.code == 2
    assert result.err.count(NOT_A_KPI) == 100
    assert result.err.count(FLOOD_SUMMARY.format(more=50, cap=100)) == 1
    assert result.err.endswith(
        "okrctl: error: the goal tree has 101 errors (listed above); fix them, or pass "
        "--skip-invalid to report on the rest\n"
    )


# An 800 KB file under every limit, one finding per line: 200,000 of them before the cap.
FLOOD_ITEMS = 200_000
# What a run may add to the peak: it adds about 25 MB (the items' positions and values; the
# problems past the cap are only counted), so a 4 MB file of a million items stays well
# under issue 14's 200 MB for the whole process.
LIMIT_BYTES = 60_000_000


def _status_bytes(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)


def measured(folder: Path, *args: str) -> tuple[Outcome, int]:
    """Run a command line in a forked child: its outcome and how much it
    raised the child's peak resident memory. Resident memory, unlike tracemalloc, counts what
    pydantic-core allocates (a validation error per bad item), and costs nothing to watch."""
    if not os.path.exists("/proc/self/clear_refs"):
        pytest.skip("peak memory is read from Linux's /proc")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        status = 70
        try:
            os.close(read_end)
            # The child shares the test process's pages until it writes them; a collection
            # writes to every object, so it runs now, before the baseline, and never again
            # over the test process's objects (frozen): what is measured is the run's own.
            gc.collect()
            gc.freeze()
            with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
                clear.write("5")  # the peak starts again from what the child holds now
            before = _status_bytes("VmRSS")
            outcome = run(folder, *args)
            grown = _status_bytes("VmHWM") - before
            report = json.dumps([outcome.code, outcome.out, outcome.err, grown])
            with open(write_end, "w", encoding="utf-8") as pipe:
                pipe.write(report)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    received = _read_all(read_end)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    code, out, err, grown = json.loads(received)
    return Outcome(code, out, err), grown


def test_a_findings_flood_is_linted_in_bounded_memory(tmp_path: Path) -> None:
    path = flood(tmp_path, FLOOD_ITEMS)
    assert 700_000 < path.stat().st_size < 900_000
    summary = FLOOD_SUMMARY.format(more=f"{FLOOD_ITEMS - 100:,}", cap=100)
    result, grown = measured(tmp_path, "lint", "--format", "json", ".")
    assert result.code == 1
    document = json.loads(result.out)
    assert len(document["findings"]) == 101
    assert document["findings"][-1]["message"] == summary
    assert len(result.out) < 40_000  # it was 54 MB: a finding per item
    assert grown < LIMIT_BYTES, f"{grown / 1e6:.0f} MB"


def test_score_on_a_findings_flood_stops_in_bounded_memory(tmp_path: Path) -> None:
    flood(tmp_path, FLOOD_ITEMS)
    summary = FLOOD_SUMMARY.format(more=f"{FLOOD_ITEMS - 100:,}", cap=100)
    result, grown = measured(tmp_path, "score", "--as-of", "2026-11-22", "-f", "json")
    assert result.code == 2
    assert result.err.count(NOT_A_KPI) == 100
    assert summary in result.err
    assert len(result.err) < 20_000
    assert grown < LIMIT_BYTES, f"{grown / 1e6:.0f} MB"


def test_the_memory_measure_sees_what_a_run_holds(tmp_path: Path) -> None:
    """The measure above is only worth its bound if it sees memory: a flood 150 times larger
    must raise the peak clearly more than the small one (the memory is proportional: about
    90 bytes an item, for its positions and its value, so some 27 MB more here; the margin
    is wide because a resident-memory peak moves with what the allocator had kept)."""
    flood(tmp_path / "small", 2_000)
    flood(tmp_path / "large", 300_000)
    small = measured(tmp_path / "small", "lint", "--format", "json", ".")[1]
    large = measured(tmp_path / "large", "lint", "--format", "json", ".")[1]
    assert large > small + 10_000_000, (small, large)


# -- 10: symbolic links at lock, temporary and output paths ----------------------------------

KPI = "support/first-response-time"
KEY_RESULT = "support/2026-Q4/support-as-retention/reopen-rate"

# Each edit, with the file it writes (from the tree's root) and whether it creates that file.
EDITS: dict[str, tuple[list[str], str]] = {
    "kpi record": (["kpi", "record", KPI, "41", "--date", "2026-11-21"], "support/kpis.yaml"),
    "checkin": (["checkin", KEY_RESULT, "6.5", "--date", "2026-11-21"], "support/2026-Q4.yaml"),
    "new objective": (
        [
            "new",
            "objective",
            "support",
            "--period",
            "2026-Q4",
            "--id",
            "fewer-repeats",
            "--title",
            "Fewer repeat contacts",
            "--type",
            "committed",
            "--kr",
            "Repeat contacts: 20 -> 10 %",
        ],
        "support/2026-Q4.yaml",
    ),
    "new objective, new file": (
        [
            "new",
            "objective",
            "support",
            "--period",
            "2027-Q1",
            "--id",
            "fewer-repeats",
            "--title",
            "Fewer repeat contacts",
            "--type",
            "committed",
            "--kr",
            "Repeat contacts: 20 -> 10 %",
        ],
        "support/2027-Q1.yaml",
    ),
    "new kpi": (
        ["new", "kpi", "support", "--id", "backlog", "--title", "Backlog", "--owner", "lin"]
        + ["--band-max", "100"],
        "support/kpis.yaml",
    ),
}


@dataclass
class Sandbox:
    """A goal tree (the examples) and a folder outside it that nothing may touch."""

    tree: Path
    outside: Path

    def link(self, at: str, kind: str) -> Path:
        """A symbolic link at `at` (in the tree) to a file outside: one that does not exist
        (`dangling`), one that does (`existing`), or the outside folder (`folder`)."""
        target = {
            "dangling": self.outside / "created-through-a-link",
            "existing": self.outside / "secret",
            "folder": self.outside,
        }[kind]
        link = self.tree / at
        link.symlink_to(target)
        return link

    def untouched(self, before: dict[str, tuple[str, bytes | str]]) -> bool:
        return files_below(self.outside) == before


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("do not touch\n")
    (outside / "secret").chmod(0o600)
    return Sandbox(copy_examples(tmp_path), outside)


def lock_of(written: str) -> str:
    folder, name = written.rsplit("/", 1)
    return f"{folder}/.{name}.okrctl-lock"


@pytest.mark.parametrize("kind", ["dangling", "existing", "folder"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_a_lock_path_that_is_a_link_is_refused(sandbox: Sandbox, edit: str, kind: str) -> None:
    args, written = EDITS[edit]
    link = sandbox.link(lock_of(written), kind)
    outside, tree = files_below(sandbox.outside), snapshot(sandbox.tree)
    result = run(sandbox.tree, *args)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"okrctl: error: {lock_of(written)} is a symbolic link; okrctl will not lock "
        f"{written} through it (remove the link and run again); nothing was changed\n"
    )
    assert sandbox.untouched(outside)
    assert snapshot(sandbox.tree) == tree
    assert link.is_symlink()  # not okrctl's to remove


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_dry_run_creates_nothing_not_even_a_lock(sandbox: Sandbox, edit: str) -> None:
    args, written = EDITS[edit]
    sandbox.link(lock_of(written), "dangling")
    outside, tree = files_below(sandbox.outside), files_below(sandbox.tree)
    result = run(sandbox.tree, *args, "--dry-run")
    assert result.code == 0, result.err
    assert f"+++ b/{written}\n" in result.out
    assert sandbox.untouched(outside)
    assert files_below(sandbox.tree) == tree


@pytest.mark.parametrize("kind", ["dangling", "existing"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_links_at_temporary_names_are_never_written_through(
    sandbox: Sandbox, edit: str, kind: str
) -> None:
    args, written = EDITS[edit]
    folder, name = written.rsplit("/", 1)
    for suffix in ("0", "a1b2c3d4", "okrctl"):  # names of the pattern a killed run leaves
        sandbox.link(f"{folder}/.{name}.{suffix}.okrctl-tmp", kind)
    outside = files_below(sandbox.outside)
    result = run(sandbox.tree, *args)
    assert result.code == 0, result.err
    assert sandbox.untouched(outside)
    # The lock holder removes leftovers of its file (links included, never their targets).
    assert sorted(p.name for p in (sandbox.tree / folder).iterdir() if p.name.startswith(".")) == []


def test_a_new_file_is_never_written_into_a_team_folder_that_is_a_link(sandbox: Sandbox) -> None:
    sandbox.link("newteam", "folder")
    outside = files_below(sandbox.outside)
    result = run(sandbox.tree, "new", "kpi", "newteam", "--title", "T", "--owner", "lin")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "okrctl: error: newteam is a symbolic link; okrctl creates goal files only inside the "
        "tree (name the file with --file)\n"
    )
    assert sandbox.untouched(outside)


@pytest.mark.parametrize("exists", [False, True])
def test_create_new_never_opens_a_link(tmp_path: Path, exists: bool) -> None:
    target = tmp_path / "target"
    if exists:
        target.write_text("kept\n")
    (tmp_path / "name").symlink_to(target)
    with pytest.raises(FileExistsError):
        create_new(tmp_path / "name")
    assert (target.read_text() if exists else target.exists()) == ("kept\n" if exists else False)


def test_create_temporary_makes_a_private_dot_file_beside(tmp_path: Path) -> None:
    fd, name = create_temporary(tmp_path / "kpis.yaml", ".okrctl-tmp")
    os.close(fd)
    assert name.parent == tmp_path and name.name.startswith(".kpis.yaml.")
    assert stat.S_IMODE(name.stat().st_mode) == 0o600


OUTPUTS: dict[str, list[str]] = {
    "review": ["review", "--as-of", "2026-11-22", "--output", "out/report.md"],
    "lint": ["lint", "--format", "json", "--output", "out/report.md"],
    "schema": ["schema", "--output", "out/report.md"],
}


@pytest.mark.parametrize("kind", ["dangling", "existing"])
@pytest.mark.parametrize("command", list(OUTPUTS))
def test_an_output_path_that_is_a_link_is_replaced_not_written_through(
    sandbox: Sandbox, command: str, kind: str
) -> None:
    (sandbox.tree / "out").mkdir()
    sandbox.link("out/report.md", kind)
    outside = files_below(sandbox.outside)
    result = run(sandbox.tree, *OUTPUTS[command])
    assert result.code in (0, 1), result.err
    report = sandbox.tree / "out" / "report.md"
    assert not report.is_symlink() and report.stat().st_size > 0
    assert sandbox.untouched(outside)
    assert sorted(p.name for p in (sandbox.tree / "out").iterdir()) == ["report.md"]


LINK_PLACES = ["lock", "temporary", "output"]


@given(
    edit=st.sampled_from(list(EDITS)),
    output=st.sampled_from(list(OUTPUTS)),
    place=st.sampled_from(LINK_PLACES),
    kind=st.sampled_from(["dangling", "existing", "folder"]),
    dry_run=st.booleans(),
)
@SETTINGS
def test_no_link_anywhere_makes_okrctl_write_outside_the_tree(
    tmp_path_factory: pytest.TempPathFactory,
    edit: str,
    output: str,
    place: str,
    kind: str,
    dry_run: bool,
) -> None:
    root = tmp_path_factory.mktemp("links")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret").write_text("do not touch\n")
    box = Sandbox(copy_examples(root), outside)
    args, written = EDITS[edit]
    if place == "output":
        (box.tree / "out").mkdir()
        box.link("out/report.md", kind)
        args = OUTPUTS[output]
    elif place == "lock":
        box.link(lock_of(written), kind)
    else:
        folder, name = written.rsplit("/", 1)
        box.link(f"{folder}/.{name}.deadbeef.okrctl-tmp", kind)
    if dry_run and place != "output":
        args = [*args, "--dry-run"]
    before = files_below(outside)
    result = run(box.tree, *args)
    assert result.code in (0, 1, 2)
    assert len(result.err.splitlines()) <= 1, result.err
    assert box.untouched(before)


# -- 12: what okrctl cannot read --------------------------------------------------------------

UNPRIVILEGED = 65534  # nobody, the user an unprivileged run takes
CANNOT_RUN = 77  # the child could not become a user that the permissions stop


def run_unprivileged(folder: Path, unreadable: Path, *args: str) -> Outcome:
    """The command line in-process in a forked child from `folder`, as a user who cannot read
    `unreadable`: as root, the child becomes `nobody` (root reads everything); otherwise it
    runs as this user. Skips the test when no such user can be had."""
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        status = 70
        try:
            os.close(out_read)
            os.close(err_read)
            os.chdir(folder)  # before dropping privileges: the folders above may be private
            clock.TODAY.set(lambda: TODAY)
            if os.geteuid() == 0:
                # The interpreter's own library may be readable by root alone (a Python under
                # /root): the command runs once first, with privileges, so that whatever it
                # imports is imported; the run that counts comes after dropping them.
                with (
                    contextlib.redirect_stdout(io.StringIO()),
                    contextlib.redirect_stderr(io.StringIO()),
                    contextlib.suppress(SystemExit),
                ):
                    main(list(args))
                try:
                    os.setgroups([])
                    os.setgid(UNPRIVILEGED)
                    os.setuid(UNPRIVILEGED)
                except OSError:
                    os._exit(CANNOT_RUN)
            if os.access(unreadable.relative_to(folder), os.R_OK):
                os._exit(CANNOT_RUN)
            sys.stdout = open(out_write, "w", encoding="utf-8")  # noqa: SIM115
            sys.stderr = open(err_write, "w", encoding="utf-8")  # noqa: SIM115
            try:
                main(list(args))
                status = 0
            except SystemExit as stop:
                status = _exit_code(stop)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
    os.close(out_write)
    os.close(err_write)
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(_read_all(err_read)))
    reader.start()
    out = _read_all(out_read)
    reader.join()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == CANNOT_RUN:
        pytest.skip("no user for whom a folder can be unreadable")
    return Outcome(code, out.decode(), errors[0].decode())


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


@pytest.fixture
def unreadable_tree(tmp_path: Path) -> Iterator[Path]:
    """A tree with a valid KPI file, a folder nobody may list and a file nobody may read.

    It lives in a folder of its own under the system's temporary folder, which the user the
    test becomes can reach (pytest's own is private to the user running the tests).
    """
    base = Path(tempfile.mkdtemp(prefix="okrctl-unreadable-"))
    base.chmod(0o755)
    tree = base / "tree"
    shutil.copytree(copy_examples(tmp_path) / "support", tree / "support")
    shutil.copy(tmp_path / "goals" / "okrctl.yaml", tree / "okrctl.yaml")
    secret = tree / "support" / "secret"
    secret.mkdir()
    shutil.copy(tree / "support" / "kpis.yaml", secret / "kpis.yaml")
    for path in [tree, *tree.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    secret.chmod(0)
    try:
        yield tree
    finally:
        for path in [tree, *tree.rglob("*")]:
            with contextlib.suppress(OSError):
                path.chmod(0o755)
        shutil.rmtree(base)


def test_an_unreadable_folder_in_the_tree_is_an_error_finding(unreadable_tree: Path) -> None:
    secret = unreadable_tree / "support" / "secret"
    result = run_unprivileged(unreadable_tree, secret, "lint", "--format", "json", ".")
    assert result.code == 1, result.err
    findings = json.loads(result.out)["findings"]
    assert {
        "path": "support/secret",
        "line": 1,
        "column": 1,
        "code": "OK001",
        "rule": "yaml-syntax",
        "severity": "error",
        "message": "cannot read folder: Permission denied",
    } in findings
    text = run_unprivileged(unreadable_tree, secret, "lint", ".")
    assert text.code == 1
    assert (
        "support/secret:1:1: error: cannot read folder: Permission denied [OK001 yaml-syntax]\n"
    ) in text.out


def test_an_unreadable_folder_named_on_the_command_line_is_an_error_finding(
    unreadable_tree: Path,
) -> None:
    secret = unreadable_tree / "support" / "secret"
    result = run_unprivileged(unreadable_tree, secret, "lint", "support/secret")
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "support/secret:1:1: error: cannot read folder: Permission denied [OK001 yaml-syntax]\n"
        "\n"
        "Found 1 error in 1 of 2 files.\n"  # the folder, and the config file in force
    )


def test_an_unreadable_file_is_an_error_finding_in_a_tree_or_named(unreadable_tree: Path) -> None:
    (unreadable_tree / "support" / "secret").chmod(0o755)
    locked = unreadable_tree / "support" / "kpis.yaml"
    locked.chmod(0)
    expected = (
        "support/kpis.yaml:1:1: error: cannot read file: Permission denied [OK001 yaml-syntax]\n"
    )
    for paths in ([], ["."], ["support/kpis.yaml"]):
        result = run_unprivileged(unreadable_tree, locked, "lint", *paths)
        assert result.code == 1, (paths, result.err)
        assert expected in result.out


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        # Searchable, not listable: the walk cannot list it.
        (0o111, "support/secret:1:1: error: cannot read folder: Permission denied"),
        # Listable, not searchable: its names are seen, and no file in it can be read.
        (0o444, "support/secret/kpis.yaml:1:1: error: cannot read file: Permission denied"),
    ],
)
def test_a_folder_half_readable_is_an_error_finding(
    unreadable_tree: Path, mode: int, expected: str
) -> None:
    secret = unreadable_tree / "support" / "secret"
    secret.chmod(mode)
    unreadable = secret if mode == 0o111 else secret / "kpis.yaml"
    result = run_unprivileged(unreadable_tree, unreadable, "lint", ".")
    assert result.code == 1, result.err
    assert f"{expected} [OK001 yaml-syntax]\n" in result.out


def test_score_refuses_a_tree_with_an_unreadable_folder(unreadable_tree: Path) -> None:
    secret = unreadable_tree / "support" / "secret"
    result = run_unprivileged(unreadable_tree, secret, "score", "--as-of", "2026-11-22")
    assert result.code == 2
    assert (
        "support/secret:1:1: error: cannot read folder: Permission denied [OK001 yaml-syntax]\n"
    ) in result.err
    assert result.err.splitlines()[-1].startswith("okrctl: error: the goal tree has ")


# -- 13: what lint accepts, the editing commands can edit ------------------------------------

TAB_CASE = "tab-before-comment.yaml"


def corpus_tree(tmp_path: Path, case: str, name: str) -> Path:
    folder = tmp_path / "tree"
    folder.mkdir()
    shutil.copy(CORPUS / case, folder / name)
    return folder


def test_a_tab_before_a_comment_lints_clean(tmp_path: Path) -> None:
    folder = corpus_tree(tmp_path, TAB_CASE, "support.yaml")
    result = run(folder, "lint", ".")
    assert (result.code, result.out) == (0, "All checks passed (1 file).\n")


@pytest.mark.parametrize(
    ("args", "summary", "added"),
    [
        (
            ["kpi", "record", "support/csat", "4.4", "--date", "2026-11-20"],
            "support.yaml: recorded support/csat = 4.4 on 2026-11-20\n",
            "      - {date: 2026-11-20, value: 4.4}\n",
        ),
        (
            ["checkin", "support/2026-Q4/faster-replies/first-response", "36"]
            + ["--date", "2026-11-20"],
            "support.yaml: checked in support/2026-Q4/faster-replies/first-response at 36 on "
            "2026-11-20\n",
            "          - {date: 2026-11-20, value: 36}\n",
        ),
    ],
)
def test_a_tab_before_a_comment_does_not_stop_an_edit(
    tmp_path: Path, args: list[str], summary: str, added: str
) -> None:
    folder = corpus_tree(tmp_path, TAB_CASE, "support.yaml")
    before = (folder / "support.yaml").read_text()
    result = run(folder, *args)
    assert (result.code, result.err) == (0, "")
    assert result.out == summary
    after = (folder / "support.yaml").read_text()
    assert after.count("\t") == before.count("\t")  # every tab kept
    assert added in after
    assert after.replace(added, "", 1) == before
    assert run(folder, "lint", ".").code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["new", "kpi", "support", "--id", "backlog", "--title", "Backlog", "--owner", "lin"]
        + ["--band-max", "100", "--cadence", "weekly"],
        ["new", "objective", "support", "--period", "2026-Q4", "--id", "fewer-repeats"]
        + ["--title", "Fewer repeat contacts", "--type", "committed"]
        + ["--kr", "Repeat contacts: 20 -> 10 %", "--kr", "Macros reviewed"],
    ],
)
def test_a_tab_before_a_comment_does_not_stop_new(tmp_path: Path, args: list[str]) -> None:
    folder = corpus_tree(tmp_path, TAB_CASE, "support.yaml")
    before = (folder / "support.yaml").read_text()
    result = run(folder, *args)
    assert (result.code, result.err) == (0, ""), result.err
    after = (folder / "support.yaml").read_text()
    assert after.count("\t") == before.count("\t")
    assert len(after) > len(before)
    assert run(folder, "lint", ".").code == 0


def test_a_file_lint_refuses_is_refused_by_the_editor_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "kpis.yaml"
    text = "team: support\nkpis:\n- id: k\n  title: K\n  owner: lin\n  title: again\n"
    path.write_text(text)
    result = run(tmp_path, "kpi", "record", "support/k", "1", "--date", "2026-11-20")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "okrctl: error: kpis.yaml:6:3: duplicate key `title` (first defined at line 4); YAML "
        "would silently keep only the last one; fix the file before okrctl edits it (okrctl "
        "lint shows every problem)\n"
    )
    assert path.read_text() == text


def test_the_editor_says_why_it_cannot_parse_in_one_line() -> None:
    with pytest.raises(EditError) as refused:
        Document(b"team: support\nkpis: [\n", "kpis.yaml")
    assert "\n" not in str(refused.value)
    assert str(refused.value).startswith("kpis.yaml cannot be parsed (line 3, column 1: ")
    assert str(refused.value).endswith("); okrctl lint shows why")


def _shape(node: Any, seen: dict[int, int]) -> Any:
    """A node tree as plain data: values, styles and exact spans; an alias by its anchor's
    number (so an alias bomb stays small)."""
    if node is None:
        return None
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    span = (node.start_mark.index, node.end_mark.index)
    if isinstance(node.value, str):
        return ("scalar", node.value, node.style or None, span)
    if node.value and isinstance(node.value[0], tuple):
        pairs = [(_shape(k, seen), _shape(v, seen)) for k, v in node.value]
        return ("mapping", bool(node.flow_style), span, pairs)
    items = [_shape(item, seen) for item in node.value]
    return ("sequence", bool(node.flow_style), span, items)


def _c_composed(text: str) -> Any:
    from ruamel.yaml.cyaml import CBaseLoader

    loader = CBaseLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


SHALLOW = [
    p
    for p in [*sorted(CORPUS.glob("*.yaml")), *sorted(Path("examples").rglob("*.yaml"))]
    if not p.name.startswith("deep-")  # the C composer recurses: 10,000 levels crash it
]


@pytest.mark.parametrize("path", SHALLOW, ids=lambda p: p.name)
def test_the_editor_composes_files_as_the_c_composer_does(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # neither reads it
    try:
        expected = _shape(_c_composed(text), {})
    except (YAMLError, ValueError):
        with pytest.raises((YAMLError, ValueError)):
            compose(text)
        return
    assert _shape(compose(text), {}) == expected


def test_the_editor_composes_any_depth_without_recursion() -> None:
    depth = 3 * sys.getrecursionlimit()  # a recursive composer fails (in C: it crashes)
    node = compose("a: " + "[" * depth + "]" * depth + "\n")
    assert node is not None
    levels, inner = 0, node.value[0][1]
    while inner.value:
        levels, inner = levels + 1, inner.value[0]
    assert levels == depth - 1


DOCUMENTED_REFUSALS = ("uses YAML aliases", "old Mac line endings", "is not a YAML mapping")


@pytest.mark.parametrize("case", sorted(p.name for p in CORPUS.glob("*.yaml")))
def test_every_corpus_file_lint_can_parse_the_editor_can_read(case: str) -> None:
    raw = (CORPUS / case).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # lint refuses it too: not valid UTF-8
    parsed = parse_yaml(text, case)
    if any(p.rule in ("yaml-syntax", "duplicate-key") for p in parsed.problems):
        return  # lint refuses it; so does the editor (with lint's finding, in one line)
    try:
        Document(raw, case)
    except EditError as error:
        assert "\n" not in str(error)
        assert any(words in str(error) for words in DOCUMENTED_REFUSALS), str(error)


# Hypothesis: KPI files laid out with tabs and spaces wherever YAML allows a separator, tabs
# before comments and at line ends, comments everywhere, odd and indentless indentation, flow
# and block items, LF or CRLF. Whatever lint accepts, `kpi record` and `new kpi` edit; what
# lint refuses, they refuse too, in one line.

SEPARATORS = [" ", " ", "\t", " \t", "\t "]
ENDINGS = ["", "", "\t", " \t", "\t# note", " \t# note", "\t \t# note", "  # note"]


@dataclass
class Layout:
    draw: st.DrawFn
    indent: int
    offset: int

    def sep(self) -> str:
        return self.draw(st.sampled_from(SEPARATORS))

    def end(self) -> str:
        return self.draw(st.sampled_from(ENDINGS))

    def between(self, lines: list[str]) -> None:
        """Sometimes a comment line, a blank line or one with only blanks; rarely a comment
        indented with a tab, which YAML does not allow (lint refuses the file)."""
        choice = self.draw(st.integers(0, 40))
        if choice == 0:
            lines.append(self.draw(st.sampled_from(["\t# a tab-indented comment", "\t", " \t"])))
        elif choice < 5:
            lines.append(self.draw(st.sampled_from(["", "  ", "# c", "  # c"])))


@st.composite
def kpi_files(draw: st.DrawFn) -> tuple[str, int]:
    indent = draw(st.integers(1, 5))
    layout = Layout(draw, indent, draw(st.integers(0, indent)))
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append("---" + layout.draw(st.sampled_from(["", " # start"])))
    lines.append(f"team:{layout.sep()}support{layout.end()}")
    layout.between(lines)
    lines.append(f"kpis:{layout.end()}")
    count = draw(st.integers(1, 3))
    for number in range(count):
        dash = " " * layout.offset
        after_dash = layout.draw(st.sampled_from([" "] * 8 + ["  ", "\t"]))  # a tab: refused
        keys = " " * (layout.offset + 1 + len(after_dash))
        lines.append(f"{dash}-{after_dash}id:{layout.sep()}k{number}{layout.end()}")
        layout.between(lines)
        lines.append(f"{keys}title:{layout.sep()}KPI {number}{layout.end()}")
        lines.append(f"{keys}owner:{layout.sep()}lin{layout.end()}")
        lines.append(f"{keys}cadence:{layout.sep()}weekly{layout.end()}")
        if draw(st.booleans()):
            lines.append(f"{keys}band:{layout.sep()}{{min:{layout.sep()}1}}{layout.end()}")
        else:
            lines.append(f"{keys}band:{layout.end()}")
            lines.append(f"{keys}{' ' * indent}min:{layout.sep()}1{layout.end()}")
        days = sorted(set(draw(st.lists(st.integers(1, 28), max_size=3))))
        items = [f"{{date:{layout.sep()}2026-10-{d:02},{layout.sep()}value: {d}}}" for d in days]
        style = draw(st.sampled_from(["block-flow", "block-block", "flow", "flow-lines"]))
        if not items:
            lines.append(f"{keys}measurements:{layout.sep()}[]{layout.end()}")
        elif style == "flow":
            joined = ("," + layout.sep()).join(items)
            lines.append(f"{keys}measurements:{layout.sep()}[{joined}]{layout.end()}")
        elif style == "flow-lines":
            lines.append(f"{keys}measurements: [{layout.end()}")
            lines += [f"{keys}{' ' * (indent + 2)}{item},{layout.end()}" for item in items]
            lines.append(f"{keys}  ]{layout.end()}")
        else:
            lines.append(f"{keys}measurements:{layout.end()}")
            item_dash = keys + " " * layout.offset
            for day in days:
                if style == "block-flow":
                    lines.append(
                        f"{item_dash}- {{date: 2026-10-{day:02},{layout.sep()}value:"
                        f"{layout.sep()}{day}}}{layout.end()}"
                    )
                else:
                    lines.append(f"{item_dash}- date:{layout.sep()}2026-10-{day:02}{layout.end()}")
                    lines.append(f"{item_dash}  value:{layout.sep()}{day}{layout.end()}")
                layout.between(lines)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline, count


def _data(path: Path) -> Any:
    return parse_yaml(path.read_bytes().decode("utf-8-sig"), "x").data


def _one_line_refusal(result: Outcome) -> None:
    assert (result.code, result.out) == (2, ""), result
    assert len(result.err.splitlines()) == 1, result.err
    assert result.err.startswith("okrctl: error: ")


@given(generated=kpi_files(), which=st.integers(0, 2))
@SETTINGS
def test_every_kpi_file_lint_accepts_can_be_edited(
    tmp_path_factory: pytest.TempPathFactory, generated: tuple[str, int], which: int
) -> None:
    text, count = generated
    number = which % count
    folder = tmp_path_factory.mktemp("edit")
    path = folder / "kpis.yaml"
    path.write_bytes(text.encode("utf-8"))
    linted = run(folder, "lint", "--format", "json", ".")
    record = run(folder, "kpi", "record", f"support/k{number}", "7.5", "--date", "2026-11-20")
    if linted.code != 0:
        # Lint refuses it (a tab-indented comment): so does the editor, in one line.
        assert any(f["rule"] == "yaml-syntax" for f in json.loads(linted.out)["findings"]), (
            linted.out
        )
        _one_line_refusal(record)
        assert path.read_bytes() == text.encode("utf-8")
        return
    assert (record.code, record.err) == (0, ""), (text, record.err)
    expected = parse_yaml(text, "x").data
    listed = expected["kpis"][number].get("measurements") or []
    listed.append({"date": "2026-11-20", "value": 7.5})
    expected["kpis"][number]["measurements"] = listed
    assert _data(path) == expected
    assert run(folder, "lint", ".").code == 0
    created = run(
        folder, "new", "kpi", "support", "--id", "other", "--title", "Other", "--owner", "lin"
    )
    assert (created.code, created.err) == (0, ""), (path.read_text(), created.err)
    assert [k["id"] for k in _data(path)["kpis"]][-1] == "other"
    assert run(folder, "lint", ".").code == 0


def test_the_layout_generator_makes_files_lint_accepts() -> None:
    """The property above is only as good as its files: most of them must be valid."""
    accepted = 0

    @given(generated=kpi_files())
    @settings(max_examples=40, deadline=None, database=None, derandomize=True)
    def count(generated: tuple[str, int]) -> None:
        nonlocal accepted
        parsed = parse_yaml(generated[0], "x")
        accepted += not parsed.problems

    count()
    assert accepted >= 20
