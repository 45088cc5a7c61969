#!/usr/bin/env python3
"""Folded-stack files for the hash-flooding benchmark (docs/benchmarks.md).

`crafted`: N distinct 16-byte frame names, one per line, that all fall into one run of slots
of the folded importer's frame table as it hashed before 2026-12-02 — the same mixing steps
with the fixed starting value 0x9E3779B97F4A7C15 and the slot taken from bits 7 and up of the
hash. The names are made by running the hash backwards from chosen values: the first eight
bytes are random, the last eight are solved for and kept when every byte is one a frame
name may hold (no control byte, space, `;` or DEL). Today the hash starts from a value
random per process, so these names are as good as random ones.

`random`: N distinct random 16-byte names of the same bytes, for comparison.

    python3 scripts/make_crafted_names.py crafted OUT [--count N]
    python3 scripts/make_crafted_names.py random OUT [--count N]
"""

import argparse
import random

MASK = (1 << 64) - 1
OLD_SEED = 0x9E3779B97F4A7C15
MIX = 0xFF51AFD7ED558CCD
FINISH = 0xC4CEB9FE1A85EC53
LENGTH = 0x9E3779B97F4A7C15
SLOT_BITS = 20  # the table of 200,000 names has 2^19 slots; one bit to spare


def mix(h, word):
    m = ((h ^ word) * MIX) & MASK
    return m ^ (m >> 32)


def old_hash(data):
    """The importer's hash of a name of 16 bytes, with the old fixed starting value."""
    h = OLD_SEED
    h = mix(h, int.from_bytes(data[:8], "little"))
    h = mix(h, int.from_bytes(data[8:], "little"))
    f = (h * FINISH) & MASK  # the tail of a 16-byte name is empty
    f ^= (16 * LENGTH) & MASK
    return f ^ (f >> 29)


def allowed(byte):
    return byte > 0x20 and byte not in (0x3B, 0x7F)


def crafted(count, rng):
    inverse_mix = pow(MIX, -1, 1 << 64)
    inverse_finish = pow(FINISH, -1, 1 << 64)
    run = rng.getrandbits(SLOT_BITS)
    names = set()
    while len(names) < count:
        first = bytes([0x66] + [rng.choice(range(0x41, 0x5B)) for _ in range(7)])
        h1 = mix(OLD_SEED, int.from_bytes(first, "little"))
        # A final hash whose slot bits are the run's, the other bits random.
        target = (rng.getrandbits(37) << (7 + SLOT_BITS)) | (run << 7) | rng.getrandbits(7)
        f = target ^ (target >> 29) ^ (target >> 58)
        f ^= (16 * LENGTH) & MASK
        h = (f * inverse_finish) & MASK
        m = h ^ (h >> 32)
        second = ((m * inverse_mix) & MASK) ^ h1
        tail = second.to_bytes(8, "little")
        if all(allowed(b) for b in tail):
            name = first + tail
            assert (old_hash(name) >> 7) & ((1 << SLOT_BITS) - 1) == run
            names.add(name)
    return names


def random_names(count, rng):
    names = set()
    pool = [b for b in range(256) if allowed(b)]
    while len(names) < count:
        names.add(bytes([0x66] + [rng.choice(pool) for _ in range(15)]))
    return names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["crafted", "random"])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=200_000)
    args = parser.parse_args()
    rng = random.Random(20261203)
    names = crafted(args.count, rng) if args.kind == "crafted" else random_names(args.count, rng)
    with open(args.out, "wb") as out:
        for name in sorted(names):
            out.write(name + b" 1\n")


if __name__ == "__main__":
    main()
