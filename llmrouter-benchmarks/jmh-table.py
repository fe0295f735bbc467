#!/usr/bin/env python3
"""Turns JMH JSON results (-rf json) of the llmrouter benchmarks into the README's Markdown tables.

usage: python3 llmrouter-benchmarks/jmh-table.py results/*.json

Ratios compare each route with the baselines of the same run: for a non-streaming call, the raw copy
and the Jackson parse of the client's request and answer; for a stream, the Jackson parse of the
upstream's events.
"""
import json
import sys

EVENTS = {"anthropic": 14, "openai-chat": 10, "openai-responses": 16, "gemini": 3}
TARGET_TRANSLATED_US = 20.0
TARGET_PASSTHROUGH_US = 3.0
TARGET_EVENT_NS = 1000.0


def load(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            rows.extend(json.load(f))
    return rows


def secondary(row, name):
    metric = row.get("secondaryMetrics", {}).get(name)
    return None if metric is None else metric["score"]


def fmt(value, digits=2):
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.{digits}f}"


def parse(route):
    if "->" in route:
        client, upstream = route.split("->")
        return client, upstream, None
    fmt_id, kind = route.split(":")
    return fmt_id, fmt_id if kind == "passthrough" else None, None if kind == "passthrough" else kind


def native_calls(rows):
    calls = {r["params"]["route"]: r for r in rows if r["benchmark"].endswith("NativeCallBenchmark.call")}
    if not calls:
        return
    print("| route (client → upstream) | time µs/op | CPU µs/op | alloc B/op | × raw copy | × Jackson tokens | × Jackson parse | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for route, r in calls.items():
        client, upstream, baseline = parse(route)
        if baseline:
            continue
        score = r["primaryMetric"]["score"]
        cpu = secondary(r, "cpu.time.norm")
        alloc = secondary(r, "gc.alloc.rate.norm")
        raw = calls.get(client + ":raw-copy")
        tokens = calls.get(client + ":jackson-tokens-only")
        tree = calls.get(client + ":jackson-parse-only")
        passthrough = client == upstream
        target = TARGET_PASSTHROUGH_US if passthrough else TARGET_TRANSLATED_US
        name = f"{client} passthrough" if passthrough else f"{client} → {upstream}"
        print(f"| {name} | {fmt(score)} ± {fmt(r['primaryMetric']['scoreError'])} | "
              f"{fmt(cpu / 1000 if cpu else None)} | {fmt(alloc)} | "
              f"{fmt(score / raw['primaryMetric']['score']) if raw else '–'} | "
              f"{fmt(score / tokens['primaryMetric']['score']) if tokens else '–'} | "
              f"{fmt(score / tree['primaryMetric']['score']) if tree else '–'} | "
              f"≤ {target:g} µs {'met' if score <= target else 'not met'} |")
    print()
    print("| baseline (client's request + answer) | time µs/op | CPU µs/op | alloc B/op |")
    print("|---|---:|---:|---:|")
    for route, r in calls.items():
        client, _, baseline = parse(route)
        if baseline:
            cpu = secondary(r, "cpu.time.norm")
            print(f"| {client} {baseline} | {fmt(r['primaryMetric']['score'])} ± {fmt(r['primaryMetric']['scoreError'])} | "
                  f"{fmt(cpu / 1000 if cpu else None)} | {fmt(secondary(r, 'gc.alloc.rate.norm'))} |")
    print()


def stream_events(rows):
    streams = {r["params"]["route"]: r for r in rows if r["benchmark"].endswith("StreamEventBenchmark.stream")}
    if not streams:
        return
    print("| route (client ← upstream events) | µs/stream | ns/event | CPU ns/event | alloc B/event "
          "| × Jackson parse of the event | target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for route, r in streams.items():
        client, upstream, baseline = parse(route)
        source = client if baseline else upstream
        n = EVENTS[source]
        per_event = r["primaryMetric"]["score"] / n
        cpu = secondary(r, "cpu.time.norm")
        alloc = secondary(r, "gc.alloc.rate.norm")
        tree = streams.get(source + ":jackson-parse-only")
        ratio = per_event / (tree["primaryMetric"]["score"] / n) if tree and not baseline else None
        if baseline:
            name, target = f"{source} {baseline} (baseline)", "–"
        elif client == upstream:
            name = f"{client} passthrough (usage tap)"
            target = f"≤ {TARGET_EVENT_NS:g} ns {'met' if per_event <= TARGET_EVENT_NS else 'not met'}"
        else:
            name = f"{client} ← {upstream}"
            target = f"≤ {TARGET_EVENT_NS:g} ns {'met' if per_event <= TARGET_EVENT_NS else 'not met'}"
        print(f"| {name} | {fmt(r['primaryMetric']['score'] / 1000)} | {fmt(per_event)} | {fmt(cpu / n if cpu else None)} | {fmt(alloc / n if alloc else None)} | "
              f"{fmt(ratio)} | {target} |")
    print()


def native_streams(rows):
    streams = {r["params"]["route"]: r for r in rows if r["benchmark"].endswith("NativeStreamBenchmark.stream")}
    if not streams:
        return
    print("| route (client → upstream), whole stream via `handle` | µs/stream | µs/upstream event | CPU µs/stream | alloc B/stream |")
    print("|---|---:|---:|---:|---:|")
    for route, r in streams.items():
        client, upstream, _ = parse(route)
        score = r["primaryMetric"]["score"]
        cpu = secondary(r, "cpu.time.norm")
        name = f"{client} passthrough" if client == upstream else f"{client} → {upstream}"
        print(f"| {name} | {fmt(score)} ± {fmt(r['primaryMetric']['scoreError'])} | {fmt(score / EVENTS[upstream])} | "
              f"{fmt(cpu / 1000 if cpu else None)} | {fmt(secondary(r, 'gc.alloc.rate.norm'))} |")
    print()


def router_chat(rows):
    chats = {(r["params"]["upstream"], r["params"]["path"]): r
             for r in rows if r["benchmark"].endswith("RouterChatBenchmark.call")}
    if not chats:
        return
    print("| upstream | adapter alone µs/op | `router.chat` µs/op | router's own µs | alloc B/op (router) |")
    print("|---|---:|---:|---:|---:|")
    for upstream in EVENTS:
        direct, routed = chats.get((upstream, "adapter-direct")), chats.get((upstream, "router"))
        if not direct or not routed:
            continue
        d, r = direct["primaryMetric"]["score"], routed["primaryMetric"]["score"]
        noise = direct["primaryMetric"]["scoreError"] + routed["primaryMetric"]["scoreError"]
        own = fmt(r - d) if abs(r - d) > noise else f"within noise (±{fmt(noise)})"
        print(f"| {upstream} | {fmt(d)} ± {fmt(direct['primaryMetric']['scoreError'])} | "
              f"{fmt(r)} ± {fmt(routed['primaryMetric']['scoreError'])} | {own} | "
              f"{fmt(secondary(routed, 'gc.alloc.rate.norm'))} |")
    print()


if __name__ == "__main__":
    results = load(sys.argv[1:])
    native_calls(results)
    stream_events(results)
    native_streams(results)
    router_chat(results)
