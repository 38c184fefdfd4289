#!/usr/bin/env python3
"""Fails if the app's --stats file holds a non-finite figure: nlohmann::json
writes NaN and infinity as null, so any null is one.
Usage: finite_stats.py FILE"""
import json, sys

def nulls(value, path):
    if value is None:
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from nulls(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from nulls(v, f"{path}[{i}]")

path = sys.argv[1]
bad = list(nulls(json.load(open(path)), "stats"))
if bad: sys.exit(f"{path}: non-finite figures: {', '.join(bad[:8])}")
