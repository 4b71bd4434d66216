"""Remove each commit of the views that change data, one at a time, and check that a test fails.

``make mutation-check`` runs this. For every commit call in the views below (``db.commit()``,
``get_session().commit()``, …) it copies the repository's files (tracked and new, as ``git ls-files``
lists them, from the working tree) to a scratch folder, replaces that one call with ``pass``, and runs
the tests of the view's feature against the scratch copy with this interpreter. A mutation the tests
do not notice "survived": the tests would pass with a view that never saves. Before the mutations, the
same tests run once on an unchanged copy, so a failing suite cannot pass for a caught mutation; a run
that errors instead of failing (exit status other than 1) counts as neither caught nor survived.

Prints one line per mutation and ends with ``RESULT mutations=N caught=C survived=S``; exits non-zero
when a mutation survived or a run errored.

    python tests/mutation_check.py [--list] [--no-baseline] [--flush] [PATH ...]

``--flush`` turns each commit into a flush of the same session instead: written to the database inside
the request's transaction, which ends without a commit, so nothing is saved either.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Each view module that changes data, and the tests that must notice when it does not commit.
VIEWS: dict[str, list[str]] = {
    "questionnaire/states/routes.py": ["tests/questionnaire/states"],
    "questionnaire/people/routes.py": ["tests/questionnaire/people", "tests/questionnaire/auth",  # unlock, 2FA
                                       "tests/questionnaire/mail"],  # invitations
    "questionnaire/builder/views/shared.py": ["tests/questionnaire/builder"],
    "questionnaire/builder/views/questionnaires.py": ["tests/questionnaire/builder"],
    "questionnaire/builder/views/life_cycle.py": ["tests/questionnaire/builder"],
    "questionnaire/translation/routes.py": ["tests/questionnaire/translation"],
    "questionnaire/monitoring/routes.py": ["tests/questionnaire/monitoring",
                                           "tests/questionnaire/mail"],  # deadline changes and extensions
    "questionnaire/auth/routes.py": ["tests/questionnaire/auth",
                                     "tests/questionnaire/mail/test_invitations.py"],  # reset and change of password
    "forms/views/answering.py": ["tests/forms"],  # saving and autosaving answers, the language with them
    "forms/views/submission.py": ["tests/forms",  # submission, reopening
                                  "tests/questionnaire/mail/test_notices.py"],  # an expert's "ready" (its notice)
    "forms/views/dashboard_and_language.py": ["tests/forms"],  # the reply's language
    "questionnaire/consultation/views/shared.py": ["tests/questionnaire/consultation"],
    "questionnaire/mail/routes.py": ["tests/questionnaire/mail"],
    "questionnaire/observations/routes.py": ["tests/exports/test_observations.py"],
    "exports/replies.py": ["tests/exports"],
}

#: A statement that is only a commit of a session: ``db.commit()``, ``get_session().commit()``.
COMMIT = re.compile(r"^(?P<indent>[ \t]*)(?P<call>[\w.]+(?:\(\))?\.commit\(\))[ \t]*(?:#.*)?$")
SESSIONS = re.compile(r"(?:^|\.)(?:db|session|get_session\(\))\.commit\(\)$")


@dataclass(frozen=True)
class Mutation:
    path: str
    line: int  # 1-based
    call: str
    tests: tuple[str, ...]
    flush: bool = False  # replace the commit with a flush of the same session instead of ``pass``

    @property
    def replacement(self) -> str:
        return self.call.removesuffix("commit()") + "flush()" if self.flush else "pass"

    @property
    def name(self) -> str:
        return f"{self.path}:{self.line} {self.call} -> {self.replacement}"

    @property
    def module(self) -> str:
        return self.path.removesuffix(".py").replace("/", ".")


def find_mutations(paths: list[str], flush: bool = False) -> list[Mutation]:
    """One mutation per commit statement of each view module in ``paths``."""
    found = []
    for path in paths:
        for number, text in enumerate((ROOT / path).read_text().splitlines(), start=1):
            match = COMMIT.match(text)
            if match and SESSIONS.search(match["call"]):
                found.append(Mutation(path, number, match["call"], tuple(VIEWS[path]), flush))
    return found


def copy_repository(target: Path) -> None:
    """The repository's files as they are in the working tree (tracked and not ignored), into ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def apply(scratch: Path, mutation: Mutation) -> None:
    """Replace the commit (with ``pass`` or a flush) and mark the module, so the check can see which file
    the tests import."""
    file = scratch / mutation.path
    lines = file.read_text().splitlines()
    match = COMMIT.match(lines[mutation.line - 1])
    assert match and match["call"] == mutation.call, f"{mutation.name}: the line changed"
    lines[mutation.line - 1] = f"{match['indent']}{mutation.replacement}  # mutation: was {mutation.call}"
    lines.append(f"__mutation__ = {mutation.name!r}")
    file.write_text("\n".join(lines) + "\n")


def environment(scratch: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(scratch), PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONSTARTUP", None)
    return env


def assert_imported_from(scratch: Path, mutation: Mutation) -> None:
    """The module the tests will import is the mutated copy, not the installed (editable) project."""
    probe = (
        "import importlib, sys; m = importlib.import_module(sys.argv[1]); "
        "print(m.__file__); print(getattr(m, '__mutation__', 'NOT MUTATED'))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe, mutation.module], cwd=scratch, env=environment(scratch),
        capture_output=True, text=True,
    )
    where, marker = (shown.stdout.splitlines() + ["", ""])[:2]
    if Path(where).resolve() != (scratch / mutation.path).resolve() or marker != mutation.name:
        raise SystemExit(f"{mutation.name}: the tests would import {where!r} ({marker}): {shown.stderr}")
    print(f"  imports {where}: {marker}", flush=True)


def run_tests(scratch: Path, tests: tuple[str, ...] | list[str]) -> tuple[int, str]:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    done = subprocess.run(command, cwd=scratch, env=environment(scratch), capture_output=True, text=True)
    failed = [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    last = done.stdout.strip().splitlines()[-1:] or [done.stderr.strip()[-200:]]
    return done.returncode, (failed[0] if failed else last[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=list(VIEWS), help="view modules to mutate (default: all)")
    parser.add_argument("--list", action="store_true", help="list the mutations and stop")
    parser.add_argument("--no-baseline", action="store_true", help="skip the run on an unchanged copy")
    parser.add_argument("--flush", action="store_true", help="turn each commit into a flush instead of pass")
    options = parser.parse_args(argv)
    unknown = [path for path in options.paths if path not in VIEWS]
    if unknown:
        parser.error(f"not a view module this check knows: {', '.join(unknown)}")
    mutations = find_mutations(options.paths, options.flush)
    missing = [path for path in options.paths if not any(m.path == path for m in mutations)]
    if missing:
        print(f"no commit found in {', '.join(missing)}: the check no longer matches the code", flush=True)
        return 2
    if options.list:
        for mutation in mutations:
            print(mutation.name)
        return 0

    with tempfile.TemporaryDirectory(prefix="mutation-check-") as temporary:
        pristine = Path(temporary) / "pristine"
        copy_repository(pristine)
        if not options.no_baseline:
            folders = sorted({folder for mutation in mutations for folder in mutation.tests})
            status, summary = run_tests(pristine, folders)
            if status != 0:
                print(f"the tests fail without any mutation ({summary}): nothing can be concluded", flush=True)
                return 2
            print(f"baseline: {summary}", flush=True)
        caught = survived = errored = 0
        for mutation in mutations:
            scratch = Path(temporary) / f"mutant-{mutations.index(mutation)}"
            shutil.copytree(pristine, scratch)
            apply(scratch, mutation)
            assert_imported_from(scratch, mutation)
            started = time.monotonic()
            status, summary = run_tests(scratch, mutation.tests)
            seconds = time.monotonic() - started
            if status == 1:
                caught += 1
                print(f"caught    {mutation.name}  ({seconds:.0f}s: {summary})", flush=True)
            elif status == 0:
                survived += 1
                print(f"SURVIVED  {mutation.name}  ({seconds:.0f}s: {' '.join(mutation.tests)} stay green)", flush=True)
            else:
                errored += 1
                print(f"ERROR     {mutation.name}  (pytest exit status {status}: {summary})", flush=True)
            shutil.rmtree(scratch)
    extra = f" errors={errored}" if errored else ""
    print(f"RESULT mutations={len(mutations)} caught={caught} survived={survived}{extra}", flush=True)
    return 0 if survived == errored == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
