"""A workload for `flamewalk diff`: the same program before and after a change that makes
`checksum` do four times the work (`python3 diff_workload.py 4`)."""
import sys


def parse(text):
    return [int(x) for x in text.split(",") if x]


def checksum(values, rounds):
    total = 0
    for _ in range(rounds):
        for v in values:
            total = (total * 31 + v) % 1_000_003
    return total


def render(values):
    return ";".join(str(v * 2) for v in values)


def main(factor):
    text = ",".join(str(i) for i in range(4000))
    for _ in range(150):
        values = parse(text)
        checksum(values, 2 * factor)
        render(values)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
