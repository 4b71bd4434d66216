"""Page throughput of this checkout against another one (an earlier commit, a branch), measured on the same
machine in the same minutes: the two are served in turn by gunicorn on one temporary database, several rounds,
the order swapped every round, so that a machine whose speed drifts weighs on both alike.

    .venv/bin/python -m loadtest.compare OTHER_CHECKOUT [--rounds 4] [--seconds 6]

``OTHER_CHECKOUT`` is a directory holding another version of the project (``git worktree add ../before
COMMIT``); both must read the same database schema (the database is migrated and seeded by this checkout).
Each round measures the bare Flask page, the smallest signed-in page, the dashboard, a cluster page and the
review page of six focal points' States (``loadtest.pages``). Prints every round, then each page's
requests a second in both checkouts (the rounds' median) and
``RESULT rounds=R cluster_this=A cluster_other=B cluster_change=C bare=D``.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import requests

from loadtest.client import sign_in
from loadtest.pages import page_targets, throughput
from loadtest.run import ROOT, app_environment, gunicorn
from loadtest.seeding import PASSWORD, seed_database, temporary_database

READERS = 6
PAGES = ("bare", "signed_in", "dashboard", "cluster", "review")


def signed_in_readers(base: str, focal_points: list[tuple[str, str]]) -> list[tuple[requests.Session, str]]:
    """A signed-in session of each focal point (email, State's code) at ``base``, with the State's code."""
    readers = []
    for email, iso3 in focal_points:
        http = requests.Session()
        sign_in(http, base, email, PASSWORD)
        readers.append((http, iso3))
    return readers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="the other checkout's directory")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=6.0, help="seconds of requests per page and round")
    args = parser.parse_args(argv)
    checkouts = {"this": ROOT, "other": args.other.resolve()}
    rates: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="saq-compare-") as workdir, temporary_database(workdir) as url:
        seeded = seed_database(url, READERS)
        env = app_environment(url, workdir)
        with gunicorn("loadtest.bare:app", {}, workdir, "bare") as (bare, _bare_process):
            for round_ in range(args.rounds):
                order = list(checkouts.items()) if round_ % 2 == 0 else list(reversed(checkouts.items()))
                for name, root in order:
                    with gunicorn("questionnaire:create_app()", env, workdir, name, root=root) as (base, _process):
                        targets = page_targets(base, bare, seeded.questionnaire_id,
                                               signed_in_readers(base, seeded.focal_points))
                        for page in PAGES:
                            throughput(targets[page], 1.0)  # warm-up: first requests of a worker
                            rate, _median, errors = throughput(targets[page], args.seconds)
                            if errors:
                                raise SystemExit(f"{name}: {errors} failed requests for the {page} page")
                            rates.setdefault((name, page), []).append(rate)
                    print(f"round {round_ + 1} {name:<5} " + "  ".join(
                        f"{page} {rates[(name, page)][-1]:.0f}" for page in PAGES), flush=True)
    medians = {key: statistics.median(found) for key, found in rates.items()}
    for page in PAGES:
        this, other = medians[("this", page)], medians[("other", page)]
        print(f"{page:<10} this {this:8.1f} req/s   other {other:8.1f} req/s   {this / other - 1:+.0%}")
    bare_rate = statistics.median(rates[("this", "bare")] + rates[("other", "bare")])
    print(f"RESULT rounds={args.rounds} cluster_this={medians[('this', 'cluster')]:.1f} "
          f"cluster_other={medians[('other', 'cluster')]:.1f} "
          f"cluster_change={medians[('this', 'cluster')] / medians[('other', 'cluster')] - 1:+.3f} bare={bare_rate:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
