"""Where a burst's wall time goes: per-visit phases and every party's CPU, 1 vs N processes behind nginx.

Run ``python bench/burst_trace.py [--page overview|trivial] [--bursts 20 50] [--repeats 3]``. It starts the
fronts of ``bench/scaleout.py`` (1 and 2 app processes behind nginx; ``--page trivial`` serves the trivial
floor page instead of the app: the control — if even that does not scale, the cause is not our code),
sends bursts of simultaneous first visits through each in turn, and prints per front and burst size:

- the phases of a visit (medians and the slowest): connect (TCP + websocket handshake through nginx),
  first message (rerun sent → first ForwardMsg), run (first message → ``script_finished``), close
  (``script_finished`` → closing handshake done); and when the last visit finished vs the burst's end;
- every party's CPU per second of the burst from ``/proc/<pid>/task/<tid>/schedstat`` (nanoseconds on a
  core, and nanoseconds runnable but waiting for one — the machine's contention), sampled by a separate
  process: the app processes' event-loop thread and their other (script) threads, nginx, this client;
- the app processes' cores over the burst in tenths of its wall time: where they idle;
- per app process, the first and last moment with a runnable script thread, and how far apart the processes'
  last moments are (the end spread: one process idles while the other still serves visits).

Bounded: fixed counts; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scaleout import Front, _pids_with_children  # noqa: E402
from bench.wsload import PAGES, TRIVIAL_PAGE, Session  # noqa: E402

# A separate process samples /proc, so that sampling neither takes the client's GIL nor its event loop. Streamlit
# runs every script run in a new thread: a thread that started and ended between two samples is missed, one
# that ended counts with its last sample (so "other" is a slight undercount). Each sample also counts the
# process's threads in state R (on a core or runnable): a process with none wants no CPU — it waits for a
# peer, a timer or I/O, whatever the machine's load.
SAMPLER = r"""
import json, os, signal, sys, time
groups = json.loads(sys.argv[1])  # label -> [pid, ...]; threads of each pid split into loop (tid == pid) / other
interval = float(sys.argv[2])
samples = []
stop = False
def _stop(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, _stop)
print("ready", flush=True)
seen = {}  # (pid, tid) -> last (run, wait): a script thread that ended keeps what it last showed
def read(pid):
    runnable = 0; loop_runnable = False
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        tids = []
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                run, wait, _ = f.read().split()
        except OSError:
            continue
        seen[(pid, int(tid))] = (int(run), int(wait))
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                running = f.read().rsplit(")", 1)[1].split()[0] == "R"  # on a core or waiting for one
        except OSError:
            continue
        runnable += running
        loop_runnable = loop_runnable or (running and int(tid) == pid)
    loop = [0, 0]; other = [0, 0]
    for (owner, tid), (run, wait) in seen.items():
        if owner == pid:
            target = loop if tid == pid else other
            target[0] += run; target[1] += wait
    return loop, other, runnable, loop_runnable
while not stop:
    row = {"t": time.monotonic()}
    for label, pids in groups.items():
        row[label] = [read(pid) for pid in pids]
    samples.append(row)
    time.sleep(interval)
json.dump(samples, sys.stdout)
"""


@dataclass
class Visit:
    start: float
    opened: float = 0.0
    first: float = 0.0
    finished: float = 0.0
    closed: float = 0.0
    ok: bool = False


async def traced_visit(url: str, page: tuple[str, str]) -> Visit:
    """One first visit with the time of each phase (``time.monotonic``, the sampler's clock)."""
    visit = Visit(time.monotonic())
    try:
        session = Session(url)
        await session.__aenter__()
        visit.opened = time.monotonic()
        recv = session.ws.recv

        async def first_recv() -> bytes:
            data = await recv()
            if not visit.first:
                visit.first = time.monotonic()
            return data

        session.ws.recv = first_recv
        result = await session.run(*page, timeout=180)
        visit.finished = time.monotonic()
        await session.__aexit__()
        visit.closed = time.monotonic()
        visit.ok = result.seconds is not None
    except (OSError, websockets.WebSocketException):
        visit.ok = False
    return visit


@dataclass
class Traced:
    visits: list[Visit]
    start: float
    end: float
    samples: list[dict] = field(default_factory=list)


def _sampler_groups(front: Front) -> dict[str, list[int]]:
    return {
        "app": [process.pid for process, _ in front.apps],
        "nginx": _pids_with_children(front.nginx.pid) if front.nginx else [],
        "client": [os.getpid()],
    }


async def traced_burst(front: Front, page: tuple[str, str], n: int, interval: float) -> Traced:
    sampler = subprocess.Popen(
        [sys.executable, "-c", SAMPLER, json.dumps(_sampler_groups(front)), str(interval)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    await asyncio.to_thread(sampler.stdout.readline)  # "ready": its signal handler is set
    await asyncio.sleep(0.05)  # its first rows precede the burst
    start = time.monotonic()
    visits = await asyncio.gather(*(traced_visit(front.url, page) for _ in range(n)))
    end = time.monotonic()
    await asyncio.sleep(0.05)
    sampler.send_signal(signal.SIGTERM)
    out, _ = sampler.communicate(timeout=30)
    return Traced(list(visits), start, end, json.loads(out))


def _at(samples: list[dict], t: float) -> dict:
    """The last sample at or before ``t`` (the sampler runs from before the burst to after it)."""
    best = samples[0]
    for row in samples:
        if row["t"] > t:
            break
        best = row
    return best


def _sum(row: dict, label: str, part: str, field_: int) -> int:
    """ns of ``label``'s processes: part loop/other/all, field 0 = on a core, 1 = waiting for one."""
    parts = {"loop": (0,), "other": (1,), "all": (0, 1)}[part]
    return sum(proc[p][field_] for proc in row[label] for p in parts)


def cores(samples: list[dict], a: float, b: float, label: str, part: str = "all", field_: int = 0) -> float:
    first, last = _at(samples, a), _at(samples, b)
    span = last["t"] - first["t"]
    return (_sum(last, label, part, field_) - _sum(first, label, part, field_)) / 1e9 / span if span > 0 else 0.0


def per_process_cores(samples: list[dict], a: float, b: float) -> list[float]:
    first, last = _at(samples, a), _at(samples, b)
    span = last["t"] - first["t"]
    return [sum(last["app"][i][p][0] - first["app"][i][p][0] for p in (0, 1)) / 1e9 / span
            for i in range(len(first["app"]))]  # fmt: skip


@dataclass
class Summary:
    rate: float
    wall: float
    connect: tuple[float, float]  # median, max (ms)
    first: tuple[float, float]
    run: tuple[float, float]
    close: tuple[float, float]
    last_open: float  # ms after the burst's start when the last websocket was open
    first_done: float  # ms after the start when the first visit had script_finished
    last_done: float
    app: float
    app_loop: float
    app_other: float
    per_process: list[float]
    app_wait: float
    nginx: float
    client: float
    client_wait: float
    tenths: list[float]
    wants: list[float]  # per app process: share of samples with a thread on a core or runnable
    loop_wants: list[float]  # the same for its event-loop thread alone
    idle: float  # share of samples in which no app process had a runnable thread
    wanting_tenths: list[float]  # app processes wanting CPU, mean per tenth of the burst
    scripts: list[tuple[float, float]]  # per app process: ms after the start of its first / last sample with a
    # runnable script thread (any thread but the event loop's): when it began and stopped running visits
    failed: int


def summarise(traced: Traced) -> Summary:
    ok = [v for v in traced.visits if v.ok]
    wall = traced.end - traced.start

    def phase(values: list[float]) -> tuple[float, float]:
        return (statistics.median(values) * 1000, max(values) * 1000) if values else (float("nan"), float("nan"))

    s, a, b = traced.samples, traced.start, traced.end
    tenths = [cores(s, a + wall * i / 10, a + wall * (i + 1) / 10, "app") for i in range(10)]
    inside = [row for row in s if a <= row["t"] <= b] or [_at(s, a)]
    processes = range(len(inside[0]["app"]))
    wanting = [[row["app"][i][2] > 0 for i in processes] for row in inside]

    def tenth(i: int) -> float:
        rows = [
            sum(w)
            for row, w in zip(inside, wanting, strict=True)
            if a + wall * i / 10 <= row["t"] < a + wall * (i + 1) / 10
        ]
        return statistics.mean(rows) if rows else float("nan")

    return Summary(
        len(ok) / wall, wall,
        phase([v.opened - v.start for v in ok]), phase([v.first - v.opened for v in ok]),
        phase([v.finished - v.first for v in ok]), phase([v.closed - v.finished for v in ok]),
        (max(v.opened for v in ok) - a) * 1000 if ok else float("nan"),
        (min(v.finished for v in ok) - a) * 1000 if ok else float("nan"),
        (max(v.finished for v in ok) - a) * 1000 if ok else float("nan"),
        cores(s, a, b, "app"), cores(s, a, b, "app", "loop"), cores(s, a, b, "app", "other"),
        per_process_cores(s, a, b), cores(s, a, b, "app", "all", 1),
        cores(s, a, b, "nginx"), cores(s, a, b, "client"), cores(s, a, b, "client", "all", 1),
        tenths, [statistics.mean(w[i] for w in wanting) for i in processes],
        [statistics.mean(row["app"][i][3] for row in inside) for i in processes],
        statistics.mean(not any(w) for w in wanting), [tenth(i) for i in range(10)],
        [_script_span(inside, i, a) for i in processes], len(traced.visits) - len(ok),
    )  # fmt: skip


def _script_span(inside: list[dict], process: int, start: float) -> tuple[float, float]:
    """ms after ``start`` of the first and last sample in which ``process`` had a runnable script thread."""
    times = [row["t"] for row in inside if row["app"][process][2] - row["app"][process][3] > 0]
    return ((times[0] - start) * 1000, (times[-1] - start) * 1000) if times else (float("nan"), float("nan"))


def _med(values: list[float]) -> float:
    return statistics.median(values)


def report(results: dict[tuple[str, int, int], list[Summary]], page: str) -> None:
    print(
        f"\n{page} first visits through nginx; medians over rounds; times in ms; cores = CPU seconds per second "
        "of the burst (schedstat); wait = runnable but waiting for a core (other work on the machine)"
    )
    print(f"{'code':>6} {'proc':>4} {'N':>4} {'visits/s':>8} {'wall':>6} {'connect':>12} {'1st msg':>12} {'run':>12} "
          f"{'close':>12} {'last open':>9} {'1st done':>8} {'last done':>9} {'app':>5} {'loop':>5} {'other':>5} "
          f"{'per process':>12} {'app wait':>8} {'nginx':>5} {'client':>6} {'c.wait':>6} failed")  # fmt: skip
    for (label, count, n), runs in results.items():

        def pair(name: str, runs: list[Summary] = runs) -> str:
            return f"{_med([getattr(r, name)[0] for r in runs]):.0f}/{_med([getattr(r, name)[1] for r in runs]):.0f}"

        per = "/".join(f"{_med([r.per_process[i] for r in runs]):.2f}" for i in range(count))
        print(f"{label:>6} {count:>4} {n:>4} {_med([r.rate for r in runs]):>8.1f} {_med([r.wall for r in runs]) * 1000:>6.0f} "
              f"{pair('connect'):>12} {pair('first'):>12} {pair('run'):>12} {pair('close'):>12} "
              f"{_med([r.last_open for r in runs]):>9.0f} {_med([r.first_done for r in runs]):>8.0f} "
              f"{_med([r.last_done for r in runs]):>9.0f} {_med([r.app for r in runs]):>5.2f} "
              f"{_med([r.app_loop for r in runs]):>5.2f} {_med([r.app_other for r in runs]):>5.2f} {per:>12} "
              f"{_med([r.app_wait for r in runs]):>8.2f} {_med([r.nginx for r in runs]):>5.2f} "
              f"{_med([r.client for r in runs]):>6.2f} {_med([r.client_wait for r in runs]):>6.2f} "
              f"{sum(r.failed for r in runs)}")  # fmt: skip
    print("\napp cores in each tenth of the burst's wall time (median over rounds):")
    for (label, count, n), runs in results.items():
        print(
            f"{label:>6} {count:>4} {n:>4}  " + " ".join(f"{_med([r.tenths[i] for r in runs]):.2f}" for i in range(10))
        )
    print(
        "\nwants CPU (share of samples with a thread on a core or runnable) per app process, its event loop "
        "thread alone, and none of them; then app processes wanting CPU per tenth of the burst:"
    )
    for (label, count, n), runs in results.items():
        wants = "/".join(f"{_med([r.wants[i] for r in runs]):.2f}" for i in range(count))
        loops = "/".join(f"{_med([r.loop_wants[i] for r in runs]):.2f}" for i in range(count))
        print(f"{label:>6} {count:>4} {n:>4}  wants {wants:<10} loop {loops:<10} none {_med([r.idle for r in runs]):.2f}   "
              + " ".join(f"{_med([r.wanting_tenths[i] for r in runs]):.2f}" for i in range(10)))  # fmt: skip
    print("\nper app process: first / last ms of the burst with a runnable script thread (median over rounds); "
          "the spread between the processes' last is time one of them idles while the other still runs visits:")
    for (label, count, n), runs in results.items():
        spans = " ".join(f"{_med([r.scripts[i][0] for r in runs]):.0f}–{_med([r.scripts[i][1] for r in runs]):.0f}"
                         for i in range(count))  # fmt: skip
        ends = [max(r.scripts[i][1] for i in range(count)) - min(r.scripts[i][1] for i in range(count)) for r in runs]
        print(f"{label:>6} {count:>4} {n:>4}  {spans:<24} end spread {_med(ends):.0f} ms (max {max(ends):.0f})")
    print("\ngain (median over rounds of visits/s ratio to the same code's 1 process in the same round):")
    for (label, count, n), runs in results.items():
        base = results[(label, 1, n)]
        gain = _med([r.rate / b.rate for r, b in zip(runs, base, strict=True)])
        print(f"{label:>6} {count:>4} {n:>4}  {gain:.2f}×")


async def measure(fronts: list[tuple[str, Front]], page: tuple[str, str], bursts: list[int], repeats: int,
                  interval: float) -> dict[tuple[str, int, int], list[Summary]]:  # fmt: skip
    """Per (code, processes, N): ``repeats`` bursts, the fronts taking turns (alternating the order)."""
    for _, front in fronts:
        for _, url in front.apps:
            for _ in range(3):
                await traced_visit(url, page)
    results: dict[tuple[str, int, int], list[Summary]] = {}
    for n in bursts:
        for round_ in range(repeats):
            for label, front in fronts if round_ % 2 == 0 else fronts[::-1]:
                traced = await traced_burst(front, page, n, interval)
                results.setdefault((label, front.count, n), []).append(summarise(traced))
    return results


def _trivial_page(root: Path) -> str:
    """The trivial floor page for ``root``: without the TCP_NODELAY call where ``root`` has no ui/nodelay.py."""
    if (root / "ui" / "nodelay.py").exists():
        return TRIVIAL_PAGE
    return "".join(line for line in TRIVIAL_PAGE.splitlines(keepends=True) if "nodelay" not in line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="overview", choices=[*PAGES, "trivial"])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--bursts", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--interval", type=float, default=0.002, help="sampling interval, s")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also run fronts from this checkout (a scratch copy of a before-commit with its "
                             "database), taking turns with this one's")  # fmt: skip
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    checkouts = {"this": ROOT, **({"before": args.before.resolve()} if args.before else {})}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        fronts = []
        for label, root in checkouts.items():
            if args.page == "trivial":
                script = Path(tmp) / f"trivial_{label}.py"
                script.write_text(_trivial_page(root), encoding="utf-8")
                page = ("", "")
            else:
                script, page = root / "app.py", PAGES[args.page]
            fronts += [(label, stack.enter_context(Front(count, script, root))) for count in args.processes]
        results = asyncio.run(measure(fronts, page, args.bursts, args.repeats, args.interval))
    report(results, args.page)
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
