#!/usr/bin/env python3
"""Developer tool: summarise CI benchmark timings.

Usage: python tools/run.py bench.csv
"""
import csv
import statistics
import sys


def load_rows(path):
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            yield {"name": row["benchmark"], "duration_ms": float(row["duration_ms"])}


def main(argv):
    rows = list(load_rows(argv[1]))
    for row in rows:
        print(f"{row['name']}\t{row['duration_ms']:.1f} ms")  # ok: any
    median = statistics.median(row["duration_ms"] for row in rows)
    print(f"median {median:.1f} ms over {len(rows)} benchmarks")  # ok: any


if __name__ == "__main__":
    main(sys.argv)
