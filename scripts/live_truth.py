#!/usr/bin/env python3
"""Records a real Python run's true call tree and the pstats file cProfile would write of it.

    python3 scripts/live_truth.py OUT -m MODULE [ARGS...]
    python3 scripts/live_truth.py OUT SCRIPT.py [ARGS...]
    python3 scripts/live_truth.py --merge OUT A B...
    python3 scripts/live_truth.py --check OUT [FLAMEWALK]

The run is traced with sys.setprofile (Python and C calls, the main thread), started as
cProfile starts it: `exec` of the command. The traced frames are replayed through
_lsprof's bookkeeping (totals and caller edges of outermost calls only, as Modules/_lsprof.c
keeps them) into OUT.prof, and their true inclusive time per tree path (direct self-calls
folded into their caller; a call back into an ancestor through other functions continues
the path, as flamewalk grows an exact re-entry) into OUT.truth.json, paths of at least
0.001% of the run, each as [path, low, high] (low = high for one run).

--merge writes OUT.prof as `pstats.Stats(A.prof, B.prof, …).dump_stats` merges them, and the
truth of the merged runs: a path's time is the sum over the runs, known to within the
cutoffs of the runs whose truth file left it out.

--check runs `flamewalk tree --format json --min-percent 0.01` on OUT.prof and checks that
every node's [lo, hi] holds the true time of its path; it prints the nodes checked, the
exact ones, the re-entries grown, and every violation (exit 1 if there is one).
"""
import json
import marshal
import os
import runpy
import subprocess
import sys
import time


class Frame:
    __slots__ = ("key", "start", "inner", "children", "inclusive")

    def __init__(self, key, start):
        self.key, self.start, self.inner, self.children, self.inclusive = key, start, 0, [], 0


def c_key(fn):
    """cProfile's name of a C function."""
    module = getattr(fn, "__module__", None)
    owner = getattr(fn, "__self__", None)
    if module:
        return ("~", 0, "<built-in method %s.%s>" % (module, fn.__name__))
    if owner is not None and not isinstance(owner, type(sys)):
        return ("~", 0, "<method '%s' of '%s' objects>" % (fn.__name__, type(owner).__name__))
    return ("~", 0, "<built-in method %s>" % fn.__name__)


def trace(command, globs):
    clock = time.perf_counter_ns
    tops, stack = [], []

    def enter(key):
        frame = Frame(key, clock())
        (stack[-1].children if stack else tops).append(frame)
        stack.append(frame)

    def leave():
        if stack:
            frame = stack.pop()
            frame.inclusive = clock() - frame.start

    labels = {}
    taken = set()

    def label(code):
        # Distinct code objects of one (file, line, name) — every `exec` of a string is a
        # `<module>` at `<string>:1` — are separate functions to _lsprof; pstats keeps one of
        # them. Here the later ones get `#2`, `#3`… so that the file stays consistent.
        key = labels.get(code)
        if key is None:
            key = (code.co_filename, code.co_firstlineno, code.co_name)
            k = 1
            while key in taken:
                k += 1
                key = (code.co_filename, code.co_firstlineno, "%s#%d" % (code.co_name, k))
            taken.add(key)
            labels[code] = key
        return key

    def profiler(frame, event, arg):
        if event == "call":
            enter(label(frame.f_code))
        elif event == "c_call":
            enter(c_key(arg))
        elif event in ("return", "c_return", "c_exception"):
            leave()

    sys.setprofile(profiler)
    try:
        exec(command, globs)
    except SystemExit:
        pass
    finally:
        sys.setprofile(None)
        while stack:
            leave()
    return tops


def lsprof_stats(tops):
    """_lsprof's bookkeeping: per function and per caller edge, totals of outermost calls."""
    entries = {}

    def entry(key):
        return entries.setdefault(key, {"level": 0, "tt": 0, "it": 0, "n": 0, "rc": 0, "calls": {}})

    def sub(parent, key):
        calls = entry(parent)["calls"]
        return calls.setdefault(key, {"level": 0, "tt": 0, "it": 0, "n": 0, "rc": 0})

    def own(frame):
        return frame.inclusive - sum(c.inclusive for c in frame.children)

    # Iterative: a deep run would overflow Python's stack.
    work = [(frame, None, False) for frame in reversed(tops)]
    while work:
        frame, parent, done = work.pop()
        records = [entry(frame.key)] + ([sub(parent, frame.key)] if parent is not None else [])
        if not done:
            for r in records:
                r["level"] += 1
            work.append((frame, parent, True))
            work.extend((c, frame.key, False) for c in reversed(frame.children))
            continue
        for r in records:
            r["level"] -= 1
            if r["level"] == 0:
                r["tt"] += frame.inclusive
            else:
                r["rc"] += 1
            r["it"] += own(frame)
            r["n"] += 1
    s = 1e-9
    stats = {}
    for key, e in entries.items():
        stats[key] = (e["n"] - e["rc"], e["n"], e["it"] * s, e["tt"] * s, {})
    for parent, e in entries.items():
        for key, c in e["calls"].items():
            stats[key][4][parent] = (c["n"], c["n"] - c["rc"], c["it"] * s, c["tt"] * s)
    return stats


CUTOFF = 1e-5  # paths below this share of the run are left out of the truth file


def truth(tops):
    paths = {}
    work = [(frame, ()) for frame in tops]
    while work:
        frame, path = work.pop()
        if not path or path[-1] != frame.key:
            path = path + (frame.key,)
            paths[path] = paths.get(path, 0) + frame.inclusive
        work.extend((c, path) for c in frame.children)
    cutoff = CUTOFF * sum(frame.inclusive for frame in tops)
    kept = [[list(map(list, p)), t * 1e-9, t * 1e-9] for p, t in paths.items() if t >= cutoff]
    return {"cutoff": cutoff * 1e-9, "paths": kept}


def merge(out, inputs):
    import pstats
    pstats.Stats(*[i + ".prof" for i in inputs]).dump_stats(out + ".prof")
    runs = [json.load(open(i + ".truth.json")) for i in inputs]
    paths = {}
    for k, run in enumerate(runs):
        for p, low, high in run["paths"]:
            key = json.dumps(p)
            paths.setdefault(key, [0.0, 0.0, set()])
            paths[key][0] += low
            paths[key][1] += high
            paths[key][2].add(k)
    kept = []
    for key, (low, high, present) in paths.items():
        missing = sum(run["cutoff"] for k, run in enumerate(runs) if k not in present)
        kept.append([json.loads(key), low, high + missing])
    with open(out + ".truth.json", "w") as f:
        json.dump({"cutoff": sum(run["cutoff"] for run in runs), "paths": kept}, f)


def record(out, args):
    if args[0] == "-m":
        sys.argv = [args[1]] + args[2:]
        command = "run_module(%r, run_name='__main__', alter_sys=True)" % args[1]
        globs = {"run_module": runpy.run_module}
    else:
        sys.argv = args[:]
        sys.path.insert(0, os.path.dirname(os.path.abspath(args[0])))
        with open(args[0], "rb") as f:
            code = compile(f.read(), args[0], "exec")
        command = code
        globs = {"__name__": "__main__", "__file__": args[0], "__builtins__": __builtins__}
    tops = trace(command, globs)
    with open(out + ".prof", "wb") as f:
        marshal.dump(lsprof_stats(tops), f)
    with open(out + ".truth.json", "w") as f:
        json.dump(truth(tops), f)


def check(out, flamewalk):
    tree = json.loads(subprocess.run(
        [flamewalk, "tree", out + ".prof", "--format", "json", "--min-percent", "0.01"],
        capture_output=True, text=True, check=True).stdout)
    recorded = json.load(open(out + ".truth.json"))
    true = {tuple(map(tuple, p)): (low, high) for p, low, high in recorded["paths"]}
    cutoff = recorded["cutoff"]
    checked = exact = reentries = 0
    width = 0.0
    violations = []
    work = [(c, ()) for c in tree["children"]]
    while work:
        node, path = work.pop()
        if node["kind"] not in ("root", "call"):
            continue
        path = path + (tuple(node["func"]),)
        t = true.get(path)
        checked += 1
        exact += bool(node["exact"])
        reentries += "reentry" in node["flags"]
        width += node["hi"] - node["lo"]
        # A path left out of the truth file took less than the cutoff.
        low, high = t if t is not None else (0.0, cutoff)
        slack = 2e-9 + 1e-9 * high
        if not (node["lo"] - slack <= high and low <= node["hi"] + slack):
            violations.append((node["lo"], low, node["hi"], [p[2] for p in path]))
        work.extend((c, path) for c in node["children"])
    print("%s: %d nodes checked, %d exact, %d re-entries grown, summed width %.3f s of %.3f s, "
          "%d violations" % (out, checked, exact, reentries, width, tree["total"], len(violations)))
    for v in violations[:10]:
        print("   lo %.6f true %.6f hi %.6f  %s" % (v[0], v[1], v[2], " > ".join(v[3][-6:])))
    return 1 if violations else 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--merge":
        sys.exit(merge(sys.argv[2], sys.argv[3:]))
    if len(sys.argv) >= 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else ".build/debug/flamewalk"))
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    record(sys.argv[1], sys.argv[2:])
