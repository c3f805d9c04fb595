#!/usr/bin/env bash
# The service against the command line, in one sitting on this machine (median of RUNS runs
# of each, taken in turns):
# - `roadmap extract DIR -o OUT --force --jobs W` over the corpus's 30 text documents (DOCX,
#   DOC, RTF, ODT, PDF, XLSX) replicated COPIES times: documents per second, documents per CPU
#   second, peak memory;
# - `roadmap serve --workers W` on 127.0.0.1, a new database each run, given the same files by
#   CLIENTS concurrent clients (POST /v1/extract: each document read and stored): documents
#   per second, documents per CPU second of the service and its workers (the clients' own CPU
#   left out), latency percentiles, peak memory of the service and of its largest worker, and
#   the service's resident memory after the first tenth of the requests and at the end; the
#   same again with `store=false` (read, not stored);
# - the ratios to the command line.
#   scripts/serve-load.sh [COPIES=20] [CLIENTS=4] [W=nproc] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-20}"
clients="${2:-4}"
workers="${3:-$(nproc)}"
runs="${4:-3}"
cargo build --release --locked --quiet
bin="$PWD/target/release/roadmap"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/in"
for i in $(seq 1 "$copies"); do
  for f in corpus/*.docx corpus/*.doc corpus/*.rtf corpus/*.odt corpus/*.pdf corpus/*.xlsx; do
    cp "$f" "$work/in/$i-$(basename "$f")"
  done
done

cat > "$work/load.py" <<'PY'
"""One service run: CLIENTS clients send every file of FOLDER to the service at BASE (pid
SERVER), QUERY added to each request; prints one JSON line of what was measured."""
import http.client, json, os, sys, threading, time, urllib.parse

base, folder, clients, server, query = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
host, port = urllib.parse.urlparse(base).hostname, urllib.parse.urlparse(base).port
names = sorted(os.listdir(folder))

def status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0

def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except OSError:
                pass
    return found

def cpu_seconds(pid):
    """CPU time of a process and of its children, those reaped and those alive."""
    ticks = os.sysconf("SC_CLK_TCK")
    def own(p, reaped):
        with open(f"/proc/{p}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(v) for v in fields[11:15 if reaped else 13]) / ticks
    return own(pid, True) + sum(own(c, False) for c in children(pid))

latencies, failures, lock, queue, warm = [], [], threading.Lock(), list(reversed(names)), []

def client():
    connection = http.client.HTTPConnection(host, port, timeout=600)
    while True:
        with lock:
            if not queue:
                return
            name = queue.pop()
            if len(queue) == len(names) * 9 // 10:
                warm.append(status(server, "VmRSS"))
        with open(os.path.join(folder, name), "rb") as f:
            body = f.read()
        started = time.perf_counter()
        connection.request("POST", "/v1/extract?name=" + urllib.parse.quote(name) + query, body, {"Content-Type": "application/octet-stream"})
        answer = connection.getresponse()
        answer.read()
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if answer.status != 200:
                failures.append([name, answer.status])

cpu_before = cpu_seconds(server)
started = time.perf_counter()
threads = [threading.Thread(target=client) for _ in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
seconds = time.perf_counter() - started
print(json.dumps({
    "seconds": seconds, "cpu": cpu_seconds(server) - cpu_before, "latencies": sorted(latencies), "failures": failures,
    "peak": status(server, "VmHWM"), "warm": warm[0] if warm else 0, "end": status(server, "VmRSS"),
    "worker_peak": max((status(c, "VmHWM") for c in children(server)), default=0),
}))
PY

for run in $(seq 1 "$runs"); do
  rm -rf "$work/out"
  /usr/bin/time -f '%e %U %S %M' -o "$work/cli-time" "$bin" extract "$work/in" -o "$work/out" --force --jobs "$workers" 2>/dev/null
  read -r seconds user system peak < <(tail -1 "$work/cli-time")
  echo "{\"seconds\": $seconds, \"cpu\": $(echo "$user + $system" | bc), \"peak_kib\": $peak}" >> "$work/cli.jsonl"
  for variant in stored unstored; do
    rm -rf "$work/db"
    mkdir -p "$work/db"
    "$bin" serve --bind 127.0.0.1:0 --db "$work/db/roadmap.db" --workers "$workers" 2>"$work/serve.log" &
    server=$!
    for _ in $(seq 1 300); do
      grep -q "listening on http://" "$work/serve.log" && break
      sleep 0.1
    done
    base="$(grep -o 'listening on http://[^ ]*' "$work/serve.log" | head -1 | sed 's/listening on //')"
    query=""
    if [ "$variant" = unstored ]; then query="&store=false"; fi
    python3 "$work/load.py" "$base" "$work/in" "$clients" "$server" "$query" >> "$work/$variant.jsonl"
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
  done
done

python3 - "$work/cli.jsonl" "$work/stored.jsonl" "$work/unstored.jsonl" "$(find "$work/in" -type f | wc -l)" "$workers" "$clients" <<'PY'
import json, os, statistics, sys

cli = [json.loads(l) for l in open(sys.argv[1])]
stored = [json.loads(l) for l in open(sys.argv[2])]
unstored = [json.loads(l) for l in open(sys.argv[3])]
files, workers, clients = int(sys.argv[4]), sys.argv[5], sys.argv[6]
med = lambda runs, key: statistics.median(r[key] for r in runs)
mib = lambda b: b / 1048576
cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
cli_rate, cli_cpu_rate = files / med(cli, "seconds"), files / med(cli, "cpu")
print(f"CPU: {cpu_model}, {os.cpu_count()} cores; {files} documents; {workers} workers; {clients} clients; median of {len(cli)} runs each")
print(f"command line  extract -o --force --jobs {workers}: {cli_rate:.1f} docs/s, {cli_cpu_rate:.1f} docs per CPU second, "
      f"peak {mib(med(cli, 'peak_kib') * 1024):.0f} MiB")
for name, runs in [("service, stored", stored), ("service, store=false", unstored)]:
    q = statistics.quantiles(sorted(x for r in runs for x in r["latencies"]), n=100)
    rate, cpu_rate = files / med(runs, "seconds"), files / med(runs, "cpu")
    print(f"{name}: {rate:.1f} docs/s, {cpu_rate:.1f} docs per CPU second (service and workers); "
          f"latency p50 {q[49] * 1000:.0f} ms, p90 {q[89] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms")
    print(f"    memory: service peak {mib(med(runs, 'peak')):.0f} MiB, resident after a tenth {mib(med(runs, 'warm')):.0f} MiB "
          f"and at the end {mib(med(runs, 'end')):.0f} MiB; largest worker peak {mib(med(runs, 'worker_peak')):.0f} MiB")
    print(f"    / command line: {rate / cli_rate:.2f} of its documents per second, {cpu_rate / cli_cpu_rate:.2f} of its documents per CPU second")
failures = [f for r in stored + unstored for f in r["failures"]]
if failures:
    print(f"not 200: {failures[:10]}", file=sys.stderr)
    sys.exit(1)
PY
