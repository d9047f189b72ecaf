"""Many kiosks on one store: throughput, store latency and the audit, with and without faults.

    nice -n 10 python bench/kiosks.py --backend postgresql              # 20 kiosks x 200 conversations
    nice -n 10 python bench/kiosks.py --backend sqlite                  # the same on one SQLite file
    nice -n 10 python bench/kiosks.py --backend postgresql --fault restart   # server restarted mid-run
    nice -n 10 python bench/kiosks.py --backend postgresql --fault stop10    # server down for 10 s
    ... --write    rewrites the section of BENCHMARKS.md (no fault) or RELIABILITY.md (a fault)

Each kiosk is a process (``bench/kiosk_worker.py``) running the real dialogue on the shared store:
customers order (colour, size, phone number, yes), book (phone number, yes) or ask a question. The
PostgreSQL server is a throwaway cluster (``tests/support/pgcluster.py``) that this script starts,
restarts or stops. Stock is scarce for two products (the race for the last units) and plentiful for
the rest. The audit reads the database afterwards: every order a customer was told about is stored
exactly once with what they ordered, no phone number (one per conversation) has two orders, stock
is never below zero and adds up, no slot is booked twice, every booking told is there, and every
kiosk finished all its conversations without being restarted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.store import StoreLocation  # noqa: E402
from bench.report import machine  # noqa: E402
from tests.support.backends import Backend  # noqa: E402
from tests.support.pgcluster import Cluster  # noqa: E402

SCARCE = {"smart-watch": 40, "laptop-stand": 40}
"""Products that sell out during a run; the others get ``PLENTY``."""
PLENTY = 100_000
RELIABILITY = REPO / "RELIABILITY.md"
DOWN_TURNS = "turns answered 'cannot reach the store'"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def prepare(backend: Backend) -> dict[str, int]:
    """Create and seed the store; set the stock; returns it per product."""
    backend.open().close()
    backend.sql("UPDATE products SET stock = ?", (PLENTY,))
    for product, stock in SCARCE.items():
        backend.sql("UPDATE products SET stock = ? WHERE id = ?", (stock, product))
    return {str(p): int(s) for p, s in backend.sql("SELECT id, stock FROM products")}


def run_kiosks(
    backend: Backend, kiosks: int, conversations: int, folder: Path, fault: Any
) -> tuple[list[dict[str, Any]], float, list[int]]:
    """Start the kiosks, let them go together, apply ``fault`` (a callable run in a thread), collect."""
    worker = REPO / "bench" / "kiosk_worker.py"
    procs = [
        subprocess.Popen(
            [sys.executable, str(worker), backend.location.text, str(k), str(conversations), str(folder)],
            cwd=REPO,
        )
        for k in range(kiosks)
    ]
    while sum((folder / f"ready-{k}").exists() for k in range(kiosks)) < kiosks:
        if any(p.poll() not in (None, 0) for p in procs):
            raise SystemExit("a kiosk failed to start")
        time.sleep(0.2)
    started = time.time()
    (folder / "go").touch()
    thread = threading.Thread(target=fault, daemon=True) if fault else None
    if thread:
        thread.start()
    codes = [p.wait() for p in procs]
    if thread:
        thread.join()
    reports = [json.loads((folder / f"kiosk-{k}.json").read_text()) for k in range(kiosks) if codes[k] == 0]
    return reports, started, codes


def audit(backend: Backend, reports: list[dict[str, Any]], initial: dict[str, int]) -> dict[str, Any]:
    """What the database holds against what customers were told."""
    told = {int(o[0]): (o[1], o[2].replace(" ", "")) for r in reports for o in r["orders"]}
    told_count = sum(len(r["orders"]) for r in reports)
    rows = backend.sql(
        "SELECT o.id, l.product_id, o.customer_phone, l.quantity, o.status FROM orders o "
        "JOIN order_lines l ON l.order_id = o.id WHERE o.id >= 5001"
    )
    stored: dict[int, list[tuple[str, str]]] = {}
    sold: Counter[str] = Counter()
    for order_id, product, phone, quantity, status in rows:
        stored.setdefault(int(order_id), []).append((str(product), str(phone)))
        if status != "cancelled":
            sold[str(product)] += int(quantity)
    lost = [i for i, what in told.items() if stored.get(i) != [what]]
    per_phone = Counter(phone for lines in stored.values() for _, phone in lines)
    final = {str(p): int(s) for p, s in backend.sql("SELECT id, stock FROM products")}
    booked = backend.sql(
        "SELECT service_id, start, COUNT(*) FROM bookings WHERE status = 'booked' GROUP BY service_id, start "
        "HAVING COUNT(*) > 1"
    )
    told_bookings = [b for r in reports for b in r["bookings"]]
    booking_rows = {
        int(i): (str(s), str(t)) for i, s, t in backend.sql("SELECT id, service_id, start FROM bookings")
    }
    missing_bookings = [
        b
        for b in told_bookings
        if b[0] not in booking_rows
        or booking_rows[b[0]][0] != b[1]
        or booking_rows[b[0]][1].replace(" ", "T")[:16] != b[2]
    ]
    return {
        "orders told": told_count,
        "orders told twice (same number)": told_count - len(told),
        "orders told but not stored as told": len(lost),
        "orders stored": len(stored),
        "orders stored but not told (in doubt or cut off)": len(set(stored) - set(told)),
        "phone numbers with two orders": sum(1 for n in per_phone.values() if n > 1),
        "lowest stock": min(final.values()),
        "stock that does not add up": [p for p in initial if initial[p] - final[p] != sold[p]],
        "scarce products sold": {p: sold[p] for p in SCARCE},
        "bookings told": len(told_bookings),
        "bookings told but not stored": len(missing_bookings),
        "slots booked twice": len(booked),
    }


def summarize(
    reports: list[dict[str, Any]], started: float, codes: list[int], kiosks: int, conversations: int
) -> dict[str, Any]:
    finished = max(r["finished"] for r in reports) if reports else time.time()
    wall = finished - started
    outcomes: Counter[str] = Counter()
    latencies: dict[str, list[float]] = {}
    for r in reports:
        outcomes.update(r["outcomes"])
        for name, values in r["latency_ms"].items():
            latencies.setdefault(name, []).extend(values)
    every = [v for values in latencies.values() for v in values]
    writes = {name: latencies.get(name, []) for name in ("place_order", "book", "log_interaction")}
    return {
        "kiosks finished": sum(1 for r in reports if r["conversations"] == conversations),
        "kiosks": kiosks,
        "exit codes": dict(Counter(codes)),
        "wall s": round(wall, 1),
        "conversations": sum(r["conversations"] for r in reports),
        "orders per s": round(sum(len(r["orders"]) for r in reports) / wall, 2),
        "bookings per s": round(sum(len(r["bookings"]) for r in reports) / wall, 2),
        "store calls": len(every),
        "store calls per s": round(len(every) / wall, 1),
        "store p50 ms": round(percentile(every, 50), 2),
        "store p95 ms": round(percentile(every, 95), 2),
        "store p99 ms": round(percentile(every, 99), 2),
        "write p95 ms": {k: round(percentile(v, 95), 2) for k, v in writes.items() if v},
        "store max ms": round(max(every), 1) if every else 0.0,
        DOWN_TURNS: sum(r["down_turns"] for r in reports),
        "outcomes": dict(sorted(outcomes.items())),
        "odd replies": [x for r in reports for x in r["odd_replies"]][:5],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--fault", choices=("none", "restart", "stop10"), default="none")
    parser.add_argument("--fault-at", type=float, default=60.0, help="seconds after the start (default 60)")
    parser.add_argument(
        "--write", action="store_true", help="rewrite the section of BENCHMARKS/RELIABILITY.md"
    )
    args = parser.parse_args()
    if args.fault != "none" and args.backend != "postgresql":
        parser.error("faults are for the PostgreSQL server")
    folder = Path(tempfile.mkdtemp(prefix="kiosks-"))
    cluster = None
    if args.backend == "postgresql":
        cluster = Cluster.create()
        backend = Backend("postgresql", StoreLocation.parse(cluster.url()))
        backend.sql("CREATE DATABASE shop")
        backend.close()
        backend = Backend("postgresql", StoreLocation.parse(cluster.url("shop")))
    else:
        backend = Backend("sqlite", StoreLocation.parse(folder / "shop.db"))
    events: list[str] = []

    def fault() -> None:
        assert cluster is not None
        time.sleep(args.fault_at)
        events.append(f"{args.fault} at {args.fault_at:.0f} s")
        if args.fault == "restart":
            cluster.restart()
        else:
            cluster.stop()
            time.sleep(10)
            cluster.start()
        events.append("server back")

    try:
        initial = prepare(backend)
        reports, started, codes = run_kiosks(
            backend, args.kiosks, args.conversations, folder, fault if args.fault != "none" else None
        )
        result = summarize(reports, started, codes, args.kiosks, args.conversations)
        backend.close()  # the preparing connection did not outlive a restarted server: audit on a new one
        result["audit"] = audit(backend, reports, initial)
        result["fault"] = events
    finally:
        backend.close()
        if cluster is not None:
            cluster.destroy()
    print(json.dumps(result, indent=2, ensure_ascii=False))
    (REPO / "bench" / "results").mkdir(exist_ok=True)
    name = f"kiosks-{args.backend}-{args.fault}.json"
    (REPO / "bench" / "results" / name).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    if args.write:
        write(args, result)
    return 0


def write(args: argparse.Namespace, result: dict[str, Any]) -> None:
    """The run's section: BENCHMARKS.md for a clean run, RELIABILITY.md for a fault."""
    command = f"nice -n 10 python bench/kiosks.py --backend {args.backend}" + (
        f" --fault {args.fault}" if args.fault != "none" else ""
    )
    audit_ = result["audit"]
    lines = [
        f"Command: `{command}` ({machine()}; {args.kiosks} kiosk processes × {args.conversations} "
        "conversations through the real dialogue, sharing the machine's two cores with the database).",
        "",
        f"- throughput: **{result['orders per s']} orders/s and {result['bookings per s']} bookings/s** "
        f"({result['conversations']} conversations in {result['wall s']} s); "
        f"{result['store calls per s']} store calls/s",
        f"- store latency per call: p50 {result['store p50 ms']} ms, **p95 {result['store p95 ms']} ms**, "
        f"p99 {result['store p99 ms']} ms, max {result['store max ms']} ms; p95 of the writes: "
        + ", ".join(f"{k} {v} ms" for k, v in result["write p95 ms"].items()),
        f"- kiosks that finished all their conversations without a restart: {result['kiosks finished']} "
        f"of {result['kiosks']}",
        "- audit: " + "; ".join(f"{k}: {v}" for k, v in audit_.items()),
        "- outcomes: " + ", ".join(f"{k} {v}" for k, v in result["outcomes"].items()),
    ]
    if result["fault"]:
        lines.insert(
            1,
            f"\nFault: {', '.join(result['fault'])}; turns answered \"I can't reach the store system right "
            f'now": {result[DOWN_TURNS]}.',
        )
    title = {
        "none": f"### {args.backend}",
        "restart": "### PostgreSQL restarted during the run",
        "stop10": "### PostgreSQL stopped for 10 s during the run",
    }[args.fault]
    body = "\n".join([title, "", *lines]) + "\n"
    path = BENCH_SECTION if args.fault == "none" else FAULT_SECTION
    target = REPO / "BENCHMARKS.md" if args.fault == "none" else RELIABILITY
    store_subsection(target, path, title, body)


BENCH_SECTION = "## Many kiosks on one store"
FAULT_SECTION = "## The shared database failing"


def store_subsection(target: Path, section: str, title: str, body: str) -> None:
    """Replace (or add) the ``### title`` part of the ``## section`` of ``target``."""
    text = target.read_text(encoding="utf-8")
    if section not in text:
        text = text.rstrip("\n") + f"\n\n{section}\n\n"
    head, _, rest = text.partition(section + "\n")
    end = rest.find("\n## ")
    part, tail = (rest, "") if end < 0 else (rest[: end + 1], rest[end + 1 :])
    chunks = part.split("\n### ")
    kept = [chunks[0]] + ["### " + c for c in chunks[1:] if not ("### " + c).startswith(title + "\n")]
    new_part = "\n".join(c.rstrip("\n") + "\n" for c in kept if c.strip()) + "\n" + body
    target.write_text(
        head + section + "\n" + new_part.lstrip("\n") + ("\n" + tail if tail else ""), encoding="utf-8"
    )
    print(f"updated {target.name}: {section.removeprefix('## ')} / {title.removeprefix('### ')}")


if __name__ == "__main__":
    sys.exit(main())
