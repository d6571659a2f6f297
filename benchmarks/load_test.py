"""Load test of a running stance service: throughput, latency percentiles and errors.

    bentoml serve stance.serve.service:StanceService --host 127.0.0.1 --port 3000 &
    python benchmarks/load_test.py --requests 200 --concurrency 8

N client threads share a fixed number of requests per endpoint; each endpoint also stops at
--max-seconds. /analyze sends a seed article, /classify --items sentences per call. Only
loopback addresses are accepted: a load test is for a server on your own machine.
"""

from __future__ import annotations

import argparse
import ipaddress
import itertools
import os
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import httpx

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))  # run from a checkout without installing

from stance.paths import SEEDS_DIR  # noqa: E402
from stance.serve.schemas import CLASSIFY_EXAMPLE  # noqa: E402


def payloads(items: int) -> dict[str, dict]:
    article = sorted(SEEDS_DIR.glob("*.txt"))[0]
    return {
        "/analyze": {"text": article.read_text(encoding="utf-8"), "doc_id": article.stem},
        "/classify": {"items": list(itertools.islice(itertools.cycle(CLASSIFY_EXAMPLE), items))},
    }


def run(url: str, route: str, body: dict, requests: int, concurrency: int, max_seconds: float,
        headers: dict) -> dict:
    """Send `requests` POSTs from `concurrency` threads; return latencies and status counts."""
    counter = itertools.count()
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def client_loop():
        with httpx.Client(base_url=url, headers=headers, timeout=max(max_seconds, 1)) as client:
            while next(counter) < requests and time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    status = client.post(route, json=body).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    statuses[status] += 1

    threads = [threading.Thread(target=client_loop) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"seconds": time.perf_counter() - started, "latencies": latencies, "statuses": statuses}


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(route: str, result: dict, items: int) -> str:
    done, seconds = len(result["latencies"]), result["seconds"]
    ok = result["statuses"].get(200, 0)
    errors = {str(k): v for k, v in result["statuses"].items() if k != 200}
    line = f"{route:10} {done:5d} requests in {seconds:6.1f} s  {done / seconds:7.1f} req/s"
    if route == "/classify":
        line += f" ({ok * items / seconds:.0f} items/s)"
    if done:
        ms = [1000 * s for s in result["latencies"]]
        line += (f"  p50 {percentile(ms, 50):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms"
                 f"  p99 {percentile(ms, 99):7.1f} ms")
    return line + f"  errors {sum(errors.values())} {errors or ''}".rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:3000", help="server address (loopback only)")
    parser.add_argument("--endpoint", choices=["analyze", "classify", "both"], default="both")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--items", type=int, default=8, help="items per /classify call (at most 64)")
    parser.add_argument("--max-seconds", type=float, default=120, help="time limit per endpoint")
    parser.add_argument("--warmup", type=int, default=12,
                        help="unmeasured requests first (BentoML's batcher learns its timing on them)")
    args = parser.parse_args(argv)

    host = urlparse(args.url).hostname or ""
    if host != "localhost" and not _is_loopback(host):
        parser.error(f"{host!r} is not a loopback address: run the load test against a server on this machine")
    headers = {"Authorization": f"Bearer {os.environ['STANCE_API_KEY']}"} if os.environ.get("STANCE_API_KEY") else {}
    bodies = payloads(args.items)
    routes = ["/analyze", "/classify"] if args.endpoint == "both" else [f"/{args.endpoint}"]
    print(f"{args.url}: {args.requests} requests per endpoint, {args.concurrency} concurrent clients, "
          f"{args.items} items per /classify call")
    for route in routes:
        run(args.url, route, bodies[route], args.warmup, 1, args.max_seconds, headers)
        print(report(route, run(args.url, route, bodies[route], args.requests, args.concurrency,
                                args.max_seconds, headers), args.items))
    return 0


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


if __name__ == "__main__":
    sys.exit(main())
