#!/usr/bin/env python3
"""The baseline estimator (calltree_ref.py; docs/estimates.md) on a batch of random programs.

Reads JSON from stdin: {"programs": [{"entries": [[name, cc, nc, tt, ct, [[caller, value]]]],
"truth": [[[name, ...], time]]}]}, where a caller value is [nc, cc, tt, ct] (cProfile) or an
int (pure-Python profile). Each program's functions live in file "t.py" at line 1.

Writes JSON to stdout: {"programs": [{"error": sum over paths of |estimate - truth|,
"truth": sum of true path times, "bounds": {"name>name>...": [lo, hi]}}]}, the tree built
without pruning (min_fraction 0, max_depth 60) as check_bounds.py builds it.
"""
import json
import sys

import calltree_ref as ct


def key(name):
    return ("t.py", 1, name)


def main():
    batch = json.load(sys.stdin)
    out = []
    for program in batch["programs"]:
        raw = {}
        for name, cc, nc, tt, cum, callers in program["entries"]:
            raw[key(name)] = (
                cc, nc, tt, cum,
                {key(c): (tuple(v) if isinstance(v, list) else v) for c, v in callers})
        tree = ct.build_tree(ct.build_model(raw), min_fraction=0.0, max_depth=60)
        estimate = {}
        bounds = {}

        def walk(node, path):
            for child in node["children"]:
                if child["kind"] not in ("call", "root"):
                    continue
                p = path + (child["func"][2],)
                estimate[p] = estimate.get(p, 0.0) + child["total"]
                bounds[">".join(p)] = [child["lo"], child["hi"]]
                walk(child, p)

        walk(tree, ())
        truth = {tuple(p): t for p, t in program["truth"]}
        error = sum(abs(estimate.get(p, 0.0) - truth.get(p, 0.0)) for p in set(truth) | set(estimate))
        out.append({"error": error, "truth": sum(truth.values()), "bounds": bounds})
    json.dump({"programs": out}, sys.stdout)


if __name__ == "__main__":
    main()
