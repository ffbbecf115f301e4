#!/usr/bin/env python3
"""Load test of `hoctap serve` on 127.0.0.1 (docs/serve.md, "Performance").

Starts the built server on a free loopback port, then:
  1. wrk on keep-alive connections, one family record per POST /v1/evaluate, for
     --duration seconds: requests/s, p50 and p99 latency, non-2xx answers, and 5xx as the
     server's own /metrics counts them;
  2. one JSON-lines request of --records records (streamed back), a few times: records/s
     end to end (client sends, server judges and streams, client reads every line);
and the server's resident memory before, between and after. Prints a table and, with
--json, one JSON object. All traffic stays on the loopback address; every run is bounded.
Run it under the build lock on a shared machine: /work/tools/hb bench/serve/run.py
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A family with two children at school, no adults, the locality's share: recognized.
FAMILY = json.loads((ROOT / "tests" / "data" / "serve" / "family.json").read_text(encoding="utf-8"))
PATH = "/v1/evaluate/gia_dinh_hoc_tap?date=2024-06-01"


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start(binary, criteria, log_path):
    log = open(log_path, "wb")
    proc = subprocess.Popen([str(binary), "serve", "--criteria", str(criteria), "--listen", "127.0.0.1:0"],
                            stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", Path(log_path).read_text(errors="replace"))
        if m:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.kill()
    sys.exit("hoctap serve did not start:\n" + Path(log_path).read_text(errors="replace"))


def ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(port, duration, connections, threads, tmp):
    script = Path(tmp) / "post.lua"
    script.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = '
                      + json.dumps(json.dumps(FAMILY)) + "\n")
    out = subprocess.run(["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "-s", str(script),
                          f"http://127.0.0.1:{port}{PATH}"], capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)$", out, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)$", out, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"requests": requests, "requests_per_s": rps, "p50_ms": p50, "p99_ms": p99,
            "non_2xx": int(m.group(1)) if m else 0, "socket_errors": errors.group(1) if errors else "none"}, out


def server_5xx(port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    return sum(int(float(v)) for v in re.findall(r'^hoctap_http_requests_total\{[^}]*status="5\d\d"\} (\S+)$', text, re.M))


def run_jsonl(port, records, repeats):
    line = json.dumps(FAMILY, separators=(",", ":")).encode()
    body = b"\n".join(line for _ in range(records)) + b"\n"
    best = None
    import http.client
    for _ in range(repeats):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        t = time.perf_counter()
        conn.request("POST", PATH, body=body, headers={"Content-Type": "application/x-ndjson"})
        resp = conn.getresponse()
        data = resp.read()
        elapsed = time.perf_counter() - t
        conn.close()
        lines = data.count(b"\n")
        recognized = data.count(b'"decision":"recognized"')
        assert resp.status == 200 and lines == records and recognized == records, (resp.status, lines, recognized)
        best = elapsed if best is None else min(best, elapsed)
    return {"records": records, "body_bytes": len(body), "best_seconds": best, "records_per_s": records / best}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=str(ROOT / "build" / "hoctap"))
    ap.add_argument("--criteria", default=str(ROOT / "criteria"))
    ap.add_argument("--duration", type=int, default=30, help="seconds of wrk (default 30)")
    ap.add_argument("--connections", type=int, default=8, help="keep-alive connections (default 8)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--records", type=int, default=100000, help="records in the JSON-lines request (default 100000, the server's --max-records)")
    ap.add_argument("--repeats", type=int, default=3, help="JSON-lines requests; the best counts (default 3)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start(a.binary, a.criteria, Path(tmp) / "serve.log")
        try:
            rss_start = rss_kib(proc.pid)
            wrk, raw = run_wrk(port, a.duration, a.connections, a.threads, tmp)
            rss_after_wrk = rss_kib(proc.pid)
            wrk["server_5xx"] = server_5xx(port)
            jsonl = run_jsonl(port, a.records, a.repeats)
            rss_end = rss_kib(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    result = {"wrk": wrk, "jsonl": jsonl, "rss_kib": {"start": rss_start, "after_wrk": rss_after_wrk, "end": rss_end},
              "targets": {"requests_per_s": 20000, "p99_ms": 5, "jsonl_records_per_s": 500000}}
    if a.json:
        print(json.dumps(result, indent=2))
        return
    print(f"single record, keep-alive: {a.connections} connections, {a.duration} s")
    print(f"  {wrk['requests_per_s']:,.0f} requests/s  p50 {wrk['p50_ms']:.3f} ms  p99 {wrk['p99_ms']:.3f} ms  "
          f"({wrk['requests']:,} requests, non-2xx {wrk['non_2xx']}, 5xx by /metrics {wrk['server_5xx']}, socket errors: {wrk['socket_errors']})")
    print(f"JSON lines: {jsonl['records']:,} records ({jsonl['body_bytes'] / 1e6:.1f} MB) in {jsonl['best_seconds']:.3f} s: "
          f"{jsonl['records_per_s']:,.0f} records/s (best of {a.repeats})")
    print(f"server RSS: {rss_start / 1024:.1f} MiB at start, {rss_after_wrk / 1024:.1f} MiB after wrk, {rss_end / 1024:.1f} MiB at end")
    print("targets: >= 20,000 requests/s with p99 < 5 ms; >= 500,000 records/s")


if __name__ == "__main__":
    main()
