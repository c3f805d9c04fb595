"""Documents per second through each way of running the extraction, in one sitting.

    ROADMAP_PROFILE=release scripts/with-python.sh \
        python crates/python/benches/throughput.py --bin target/release/roadmap [N] [JOBS] [RUNS]

The corpus's top-level documents are replicated N times (default 20) into a temporary folder;
each way runs RUNS times (default 3) and the median is printed beside the CPU model, with its
ratio to the command line on one job: the command line (`--jsonl`), `roadmap.extract` in a
Python loop, `roadmap.extract_many`, and `roadmap.cluster.extract_to_parquet` on a local Dask
cluster of JOBS worker processes (started before the clock starts).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import roadmap
import roadmap.cluster

ROOT = Path(__file__).resolve().parents[3]


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return f"{line.split(':', 1)[1].strip()}, {os.cpu_count()} cores"
    return f"unknown, {os.cpu_count()} cores"


def median_seconds(run, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=str(ROOT / "target" / "release" / "roadmap"))
    parser.add_argument("copies", nargs="?", type=int, default=20)
    parser.add_argument("jobs", nargs="?", type=int, default=os.cpu_count() or 1)
    parser.add_argument("runs", nargs="?", type=int, default=3)
    args = parser.parse_args()
    corpus = sorted(p for p in (ROOT / "corpus").iterdir() if p.is_file() and p.suffix != ".md")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "orders"
        for copy in range(args.copies):
            (folder / str(copy)).mkdir(parents=True)
            for p in corpus:
                shutil.copy(p, folder / str(copy) / p.name)
        files = sorted(str(p) for p in folder.rglob("*") if p.is_file())
        n = len(files)
        print(f"CPU: {cpu_model()}")
        print(f"{n} files (corpus x {args.copies}), median of {args.runs} runs, wheel and binary of one build")
        rows = []

        def cli(jobs):
            subprocess.run([args.bin, "extract", str(folder), "--jsonl", os.devnull, "-j", str(jobs)], check=True, capture_output=True)

        rows.append(("roadmap extract --jsonl", 1, median_seconds(lambda: cli(1), args.runs)))
        rows.append(("roadmap extract --jsonl", args.jobs, median_seconds(lambda: cli(args.jobs), args.runs)))
        rows.append(("roadmap.extract, a loop", 1, median_seconds(lambda: [roadmap.extract(f) for f in files], args.runs)))
        for jobs in sorted({1, args.jobs}):
            rows.append(("roadmap.extract_many", jobs, median_seconds(lambda: list(roadmap.extract_many(files, jobs=jobs)), args.runs)))
        from dask.distributed import Client, LocalCluster

        with LocalCluster(n_workers=args.jobs, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster):
            out = Path(work) / "parquet"
            run = lambda: roadmap.cluster.extract_to_parquet([folder], out, files_per_part=32, overwrite=True)
            rows.append(("roadmap.cluster (Dask, Parquet)", args.jobs, median_seconds(run, args.runs)))
        base = n / rows[0][2]
        print(f"{'way':34} {'jobs':>4} {'docs/s':>8} {'vs CLI, 1 job':>14}")
        for name, jobs, seconds in rows:
            rate = n / seconds
            print(f"{name:34} {jobs:>4} {rate:>8.0f} {rate / base:>14.2f}")


if __name__ == "__main__":
    main()
