#!/usr/bin/env python3
"""An A/B table of two JMH JSON results (-rf json) of the same benchmark: before and after a change.

usage: python3 llmrouter-benchmarks/ab-table.py before.json after.json [before2.json after2.json ...]

Pairs of files are read in order; a route in several pairs shows the mean of its scores. Each row
gives time, CPU (CpuTimeProfiler) and allocation per operation before and after, and the after/before
ratios, which are the headline on a shared machine; absolute times belong to that machine and moment.
"""
import json
import sys
from collections import defaultdict


def secondary(row, name):
    metric = row.get("secondaryMetrics", {}).get(name)
    return None if metric is None else metric["score"]


def scores(path):
    out = {}
    with open(path) as f:
        for row in json.load(f):
            route = row["params"]["route"]
            out[route] = (row["primaryMetric"]["score"], secondary(row, "cpu.time.norm"),
                          secondary(row, "gc.alloc.rate.norm"))
    return out


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def fmt(value, digits=2):
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.{digits}f}"


def main(paths):
    if len(paths) % 2:
        sys.exit("give before/after pairs")
    before, after = defaultdict(list), defaultdict(list)
    order = []
    for i in range(0, len(paths), 2):
        for side, path in ((before, paths[i]), (after, paths[i + 1])):
            for route, triple in scores(path).items():
                side[route].append(triple)
                if route not in order:
                    order.append(route)
    print("| route | time µs before → after | CPU µs before → after | alloc B before → after | time × | CPU × |")
    print("|---|---:|---:|---:|---:|---:|")
    for route in order:
        if route not in before or route not in after:
            continue
        b = [mean([t[k] for t in before[route]]) for k in range(3)]
        a = [mean([t[k] for t in after[route]]) for k in range(3)]
        cpu_b = None if b[1] is None else b[1] / 1000
        cpu_a = None if a[1] is None else a[1] / 1000
        print(f"| {route} | {fmt(b[0])} → {fmt(a[0])} | {fmt(cpu_b)} → {fmt(cpu_a)} | "
              f"{fmt(b[2], 0)} → {fmt(a[2], 0)} | {fmt(a[0] / b[0])} | "
              f"{fmt(None if cpu_b is None or cpu_a is None else cpu_a / cpu_b)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
