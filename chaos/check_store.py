#!/usr/bin/env python3
"""Checks a soak run's database: every task stored exactly once, all done, none failed.

Usage: check_store.py DB TASKS EPSILONS

Prints one line per check, `PASS|FAIL<TAB>name<TAB>detail`, then `INFO` lines (results by worker, counters);
exits 1 if any check fails.
"""

import sqlite3
import sys


def main():
    path, tasks, epsilons = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    one = lambda sql, *args: db.execute(sql, args).fetchone()[0]
    checks = []

    def check(name, ok, detail):
        checks.append(ok)
        print(f"{'PASS' if ok else 'FAIL'}\t{name}\t{detail}")

    states = dict(db.execute("SELECT state, count(*) FROM task GROUP BY state").fetchall())
    total = sum(states.values())
    check("tasks in the database", total == tasks, f"{total} task rows, the sweep has {tasks}")
    check("every task done", states.get("done", 0) == tasks,
          ", ".join(f"{count} {state}" for state, count in sorted(states.items())))
    failed = db.execute("SELECT id, attempts, failures FROM task WHERE state = 'failed' ORDER BY id").fetchall()
    check("no task failed", not failed,
          "none" if not failed else f"{len(failed)} failed: " + ", ".join(f"task {i} (attempts {a}, failures {f})" for i, a, f in failed[:20]))
    results, distinct = one("SELECT count(*) FROM result"), one("SELECT count(DISTINCT task_id) FROM result")
    check("one result row per task", results == distinct == tasks, f"{results} result rows, {distinct} distinct tasks")
    orphans = one("SELECT count(*) FROM task t LEFT JOIN result r ON r.task_id = t.id WHERE (t.state = 'done') != (r.task_id IS NOT NULL)")
    check("done exactly when result stored", orphans == 0, f"{orphans} tasks whose state and result row disagree")
    curves, fits = one("SELECT count(*) FROM curve"), one("SELECT count(*) FROM fit")
    check("curves and fits per result", curves == fits == results * epsilons,
          f"{curves} curves, {fits} fits for {results} results × {epsilons} ε")
    # A worker names itself (host-pid-random); a peer that never said HELLO is named by its ZeroMQ identity (0x…):
    # here the hostile sender's replayed genuine results.
    by_worker = db.execute("SELECT worker_id, count(*) FROM result GROUP BY worker_id ORDER BY 2 DESC").fetchall()
    named = [f"{worker} {count}" for worker, count in by_worker if not worker.startswith("0x")]
    strangers = [count for worker, count in by_worker if worker.startswith("0x")]
    print(f"INFO\tresults stored from workers\t{', '.join(named)}")
    print(f"INFO\tresults stored from peers without HELLO (replays)\t{sum(strangers)} from {len(strangers)} peers")
    retried = db.execute("SELECT failures, count(*) FROM task GROUP BY failures ORDER BY failures").fetchall()
    print("INFO\ttasks by lost attempts\t" + ", ".join(f"{f} lost: {c}" for f, c in retried))
    for name, value in db.execute("SELECT name, value FROM counter ORDER BY name"):
        print(f"INFO\tcounter\t{name} = {value}")
    return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
