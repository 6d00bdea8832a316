"""Load test of `osce-kg serve`: N concurrent clients for S seconds, 127.0.0.1 only, bounded in time.

    python bench/load.py --store STORE [--clients 50] [--seconds 30]

Starts the server on a free loopback port, runs a mix of requests (canned queries with parameters, ad-hoc
SELECT and CONSTRUCT, an entity page, a malformed query that must get 400), and reports requests/s, latency
percentiles, every failed request (a status other than the expected one, or a transport error), and the
server's memory (RSS of the server and its workers) at the start and the end. Exit code 1 when any request
failed or memory grew beyond --max-growth-mb.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUERY = ("SELECT ?e ?kind WHERE { GRAPH ?g { ?e a <https://schema.org/Event> ; "
         "<https://w3id.org/osce-kg/ontology#kind> ?kind } } LIMIT 50")
CONSTRUCT = ("CONSTRUCT { ?e ?p ?o } WHERE { GRAPH ?g { ?e a <https://schema.org/Event> ; ?p ?o } } LIMIT 200")
REQUESTS = [
    ("GET", "/queries/news-by-field-of-work", {}, "application/sparql-results+json", 200),
    ("GET", "/queries/events-in-state", {"state": "Ukraine"}, "text/csv", 200),
    ("GET", "/queries/field-operations", {}, "application/sparql-results+json", 200),
    ("GET", "/sparql", {"query": QUERY}, "application/sparql-results+json", 200),
    ("POST", "/sparql", {"query": QUERY}, "application/sparql-results+xml", 200),
    ("GET", "/sparql", {"query": CONSTRUCT}, "text/turtle", 200),
    ("GET", "/id/country/ua", {}, "text/turtle", 200),
    ("GET", "/sparql", {"query": "SELECT WHERE {"}, "application/sparql-results+json", 400),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and all its descendants (the server's worker processes), in MB, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0])
    family, grew = {pid}, True
    while grew:
        new = {child for child, parent in parents.items() if parent in family} - family
        family |= new
        grew = bool(new)
    return sum(rss.get(p, 0) for p in family) / 1024


async def client(http, base: str, deadline: float, rng: random.Random, stats: dict) -> None:
    while time.monotonic() < deadline:
        method, path, params, accept, expected = rng.choice(REQUESTS)
        started = time.perf_counter()
        try:
            if method == "GET":
                response = await http.get(base + path, params=params, headers={"Accept": accept})
            else:
                response = await http.post(base + path, data=params, headers={"Accept": accept})
            ok = response.status_code == expected
            detail = f"{method} {path} → {response.status_code} {response.text[:120]!r}"
        except Exception as error:  # noqa: BLE001 - every transport error is a failed request
            ok, detail = False, f"{method} {path} → {type(error).__name__}: {error}"
        stats["latencies"].append(time.perf_counter() - started)
        stats["requests"] += 1
        if not ok:
            stats["failures"].append(detail)


async def run_clients(base: str, clients: int, seconds: float) -> dict:
    import httpx

    stats: dict = {"requests": 0, "failures": [], "latencies": []}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(client(http, base, deadline, random.Random(n), stats) for n in range(clients)))
    return stats


def start_server(store: Path, workers: int) -> tuple[subprocess.Popen, str]:
    """`osce-kg serve` on a free loopback port, once it answers (up to 60 s); the caller stops it (SIGTERM)."""
    import httpx

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "osce_kg", "serve", "--store", str(store), "--port",
                               str(port), "--workers", str(workers), "--log-level", "warning"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if httpx.get(base + "/queries", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError(f"the server did not start: {server.stderr.read() if server.stderr else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=4, help="server worker processes")
    parser.add_argument("--max-growth-mb", type=float, default=200.0)
    args = parser.parse_args()
    server, base = start_server(args.store, args.workers)
    try:
        asyncio.run(run_clients(base, 5, 3.0))  # warm-up: every worker has opened the store
        rss_start = tree_rss_mb(server.pid)
        started = time.perf_counter()
        stats = asyncio.run(run_clients(base, args.clients, args.seconds))
        elapsed = time.perf_counter() - started
        rss_end = tree_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    latencies = sorted(stats["latencies"])
    result = {"clients": args.clients, "seconds": round(elapsed, 1), "requests": stats["requests"],
              "requests_per_s": round(stats["requests"] / elapsed, 1), "failed": len(stats["failures"]),
              "p50_ms": round(1000 * statistics.median(latencies), 1),
              "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
              "max_ms": round(1000 * latencies[-1], 1), "server_rss_start_mb": round(rss_start, 1),
              "server_rss_end_mb": round(rss_end, 1), "server_rss_growth_mb": round(rss_end - rss_start, 1),
              "max_growth_mb": args.max_growth_mb, "cpus": os.cpu_count()}
    print(json.dumps(result, indent=1))
    for failure in stats["failures"][:10]:
        print("FAILED:", failure)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(result, indent=1))
    if stats["failures"] or rss_end - rss_start > args.max_growth_mb:
        sys.exit(1)


if __name__ == "__main__":
    main()
