"""The page load benchmark's load (bench/pages.py, step 3): wrk against a server, and the CPU
time of each process sampled from /proc."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from common import (
    CLOCK_TICKS,
    ROOT,
    Process,
    check,
)
from common import processes as common_processes
from pages_seed import DB_NAME

if TYPE_CHECKING:
    from pages import Server

LUA = ROOT / "bench" / "wrk_report.lua"


def processes() -> dict[int, Process]:
    """Every process on the machine (common.processes), with a PostgreSQL backend connected to
    the benchmark's database named "postgres" and PostgreSQL's other processes (the postmaster,
    and others' test databases on a shared machine) "postgres (others)"."""
    found = common_processes()
    for pid, process in found.items():
        if process.name == "postgres":
            try:
                title = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:  # it exited in between
                title = b""
            ours = f" {DB_NAME} ".encode() in title
            found[pid] = process._replace(name="postgres" if ours else "postgres (others)")
    return found


class ProcessSampler(threading.Thread):
    """Samples every process every 0.25 s while wrk runs, so that a process that exits in
    between (a PostgreSQL backend whose connection reached CONN_MAX_AGE) still counts, up to
    its last sample. The postmaster's reaped-children time is left out: it is those same
    backends (ours and others'), counted one by one."""

    def __init__(self, interval: float = 0.25):
        super().__init__(daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self.first = processes()
        self.last = dict(self.first)

    def run(self):
        while not self.stopped.wait(self.interval):
            self.last.update(processes())

    def stop(self, servers: list[Server]) -> dict[str, float]:
        """CPU seconds used since the start, by group: each server (master and workers),
        PostgreSQL's backends for the benchmark's database, wrk (reaped by this process), this
        process and everything else (other users of a shared machine)."""
        self.stopped.set()
        self.join()
        self.last.update(processes())
        groups = {server.name: descendants(server.process.pid, self.last) for server in servers}
        cpu = dict.fromkeys([*groups, "postgres", "wrk", "bench", "other"], 0.0)
        for pid, process in self.last.items():
            first = self.first.get(pid)
            ticks = process.ticks - (first.ticks if first else 0)
            reaped = process.reaped_ticks - (first.reaped_ticks if first else 0)
            if pid == os.getpid():
                cpu["wrk"] += reaped / CLOCK_TICKS  # its only child during the run
                group, reaped = "bench", 0  # the sampler and the polling
            elif process.name.startswith("postgres"):
                group = "postgres" if process.name == "postgres" else "other"
                reaped = 0
            else:
                group = next((name for name, pids in groups.items() if pid in pids), "other")
            if process.parent == os.getpid():
                continue  # wrk itself: counted above, once it exited
            cpu[group] += (ticks + reaped) / CLOCK_TICKS
        return cpu


def descendants(root: int, table: dict[int, Process]) -> set[int]:
    family, frontier = {root}, [root]
    while frontier:
        frontier = [pid for pid, process in table.items() if process.parent in frontier]
        family.update(frontier)
    return family


def run_wrk(
    server: Server, path: str, headers: dict[str, str], args, duration: float, servers
) -> dict:
    command = [
        "wrk",
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{round(duration)}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(server.url(path))
    sampler = ProcessSampler()
    sampler.start()
    started = time.perf_counter()
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    output, _ = wrk.communicate(timeout=duration + 60)
    wall = time.perf_counter() - started
    cpu = sampler.stop(servers)
    text = output.decode(errors="replace")
    check(wrk.returncode == 0, f"wrk failed:\n{text}")
    match = re.search(r"^WRK_REPORT (\{.*\})$", text, re.MULTILINE)
    check(match, f"no WRK_REPORT line:\n{text}")
    report = json.loads(match.group(1))
    seconds = report["duration_us"] / 1e6
    errors = sum(report[key] for key in ("connect", "read", "write", "timeout", "non2xx"))
    return {
        "rps": report["requests"] / seconds,
        "requests": report["requests"],
        "errors": errors,
        "error_detail": {
            key: report[key]
            for key in ("connect", "read", "write", "status", "timeout", "non2xx")
            if report[key]
        },
        "p50": report["p50_us"] / 1000,
        "p95": report["p95_us"] / 1000,
        "p99": report["p99_us"] / 1000,
        "kb": report["bytes"] / max(report["requests"], 1) / 1024,
        "cpu": cpu,
        "wall": wall,
    }


def cpu_text(result: dict, server: str) -> str:
    cpu, wall = result["cpu"], result["wall"]
    available = (os.cpu_count() or 1) * wall
    ours = cpu[server] + cpu["postgres"]
    return (
        f"CPU share of the {os.cpu_count()} cores: {server} {100 * cpu[server] / available:.0f} %, "
        f"postgres {100 * cpu['postgres'] / available:.0f} %, wrk "
        f"{100 * cpu['wrk'] / available:.0f} %, other {100 * cpu['other'] / available:.0f} %; "
        f"server + postgres {1000 * ours / max(result['requests'], 1):.1f} ms CPU per request"
    )
