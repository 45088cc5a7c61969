#!/usr/bin/env python3
"""Write large synthetic speedscope and pyinstrument JSON files for the benchmarks.

    python3 make_big_json.py speedscope OUT.json    # py-spy-like, 400,000 samples, ~27 MB
    python3 make_big_json.py pyinstrument OUT.json  # `pyinstrument -r json`, 300,014 frames, ~67 MB

Deterministic (fixed seeds). The speedscope file has 3,000 frames in 50 files and one
sampled profile whose samples are prefixes of 20,000 random call paths of 5-40 frames
(so stacks repeat, as a sampler's do); the pyinstrument file is one frame tree, up to 30
deep, whose times add up as pyinstrument writes them (a frame's time is its children's plus
its own).
"""
import json
import random
import sys


def speedscope(out):
    random.seed(1)
    frames = [{"name": f"func_{i}", "file": f"/src/mod_{i % 50}.py", "line": i} for i in range(3000)]
    paths = [[random.randrange(3000) for _ in range(random.randint(5, 40))] for _ in range(20000)]
    samples, weights = [], []
    for _ in range(400000):
        path = random.choice(paths)
        samples.append(path[: random.randint(3, len(path))])
        weights.append(random.choice([0.01, 0.02, 0.005]))
    doc = {
        "$schema": "https://www.speedscope.app/file-format-schema.json",
        "shared": {"frames": frames},
        "profiles": [{"type": "sampled", "name": "main", "unit": "seconds", "startValue": 0,
                      "endValue": sum(weights), "samples": samples, "weights": weights}],
        "name": "big", "activeProfileIndex": 0, "exporter": "py-spy@0.4.3",
    }
    with open(out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))


def pyinstrument(out):
    random.seed(2)
    count = [0]
    sys.setrecursionlimit(10000)

    def frame(depth):
        count[0] += 1
        children = []
        if depth < 30 and count[0] < 300000:
            for _ in range(random.choice([0, 1, 1, 2, 3] if depth > 3 else [2, 3])):
                children.append(frame(depth + 1))
        time = sum(c["time"] for c in children) + random.random() * 0.01
        return {"function": f"f{random.randrange(5000)}", "file_path_short": "m.py",
                "file_path": f"/src/m{random.randrange(80)}.py", "line_no": random.randrange(900),
                "time": time, "await_time": 0, "is_application_code": True,
                "children": children, "group_id": None, "class_name": None}

    root = frame(0)
    doc = {"start_time": 0, "duration": root["time"], "sample_count": count[0],
           "program": "synthetic", "cpu_time": 1, "root_frame": root}
    with open(out, "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("speedscope", "pyinstrument"):
        sys.exit(__doc__)
    {"speedscope": speedscope, "pyinstrument": pyinstrument}[sys.argv[1]](sys.argv[2])
