"""The program behind flamewalk's demo profile (what `flamewalk` opens without a file).

Regenerate the embedded profile after changing it:
    python3 -m cProfile -o demo.prof demo_program.py
    python3 -c "import base64,sys; print(base64.b64encode(open('demo.prof','rb').read()).decode())"
and paste the text into DemoProfile.swift.
"""
import json
import re
import time


def checksum(text):
    """A visible gap: a pure-Python loop whose time no callee explains."""
    total = 0
    for i, ch in enumerate(text):
        total = (total * 31 + ord(ch) + i) % 1000003
    return total


def parse_records(text):
    return [json.loads(line) for line in text.splitlines()]


def render(records):
    """Called from two places: report() (all records) and export() (a few)."""
    return "\n".join("%(id)05d %(name)s %(score).3f" % r for r in records)


def build_tree(depth):
    if depth == 0:
        return {}
    return {"children": [build_tree(depth - 1), build_tree(depth - 1)]}


def tree_depth(node):
    """Recursion."""
    return 1 + max((tree_depth(child) for child in node.get("children", [])), default=0)


def report(records):
    text = render(records)
    time.sleep(0.02)
    return len(text)


def export(records):
    return len(render(records[:300]))


def main():
    lines = (json.dumps({"id": i, "name": "item%d" % i, "score": i / 7}) for i in range(6000))
    text = "\n".join(lines)
    records = parse_records(text)
    checksum(text)
    report(records)
    export(records)
    tree_depth(build_tree(11))
    re.findall(r"item\d+7\b", text)


main()
