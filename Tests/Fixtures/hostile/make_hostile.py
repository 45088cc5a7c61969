"""Writes the crafted inputs of Tests/Fixtures/hostile (run from this directory).

Each file is the smallest input that showed one failure of an earlier flamewalk; the
tests in HostileInputTests say what each must do now.
"""
import marshal

# A bytes file name shared by two keys: CPython's marshal writes it once, flagged, and the
# second key refers back to it with `r`.
name = b"/src/shared_name.py"
stats = {
    (name, 1, "a"): (1, 1, 0.5, 1.0, {}),
    (name, 2, "b"): (2, 2, 0.25, 0.25, {(name, 1, "a"): (2, 2, 0.25, 0.25)}),
}
open("shared_bytes_name.prof", "wb").write(marshal.dumps(stats))

# 62 nested tuples, each claiming as many items as there are bytes left (64 KB).
size = 1 << 16
out = bytearray(b"\xfb")
for _ in range(62):
    out += b"(" + (size - len(out) - 5).to_bytes(4, "little")
out += b"N" * (size - len(out))
open("nested_claims.prof", "wb").write(bytes(out))

# A cumulative time far beyond the run's total.
stats = {
    ("a.py", 1, "main"): (1, 1, 0.5, 1e200, {}),
    ("a.py", 2, "child"): (1, 1, 0.25, 1e200, {("a.py", 1, "main"): (1, 1, 0.25, 1e200)}),
    ("a.py", 3, "other"): (1, 1, 0.25, 0.25, {}),
}
open("huge_cumtime.prof", "wb").write(marshal.dumps(stats))

# Two counts that add up past the largest double.
with open("overflowing_counts.folded", "w") as f:
    f.write("a;b 1" + "0" * 308 + "\na;c 1" + "0" * 308 + "\n")

# A chain 40,000 frames deep (deeper than 16-bit depths and the recursive JSON writer).
with open("deep_chain.folded", "w") as f:
    f.write(";".join(f"f{i}" for i in range(40000)) + " 3\nf0;g 1\n")

# Bidi overrides, zero-width and C1 characters in names.
with open("hidden_characters.folded", "w", encoding="utf-8") as f:
    f.write("main;evil\u202egnp.exe 2\nmain;zero\u200bwidth 1\nmain;c1\u009bcontrol 1\n")

# A gzip "bomb": a pprof-looking message padded with 200 MiB of zeros, 200 KB compressed.
import gzip
with open("zip_bomb.pprof", "wb") as f:
    f.write(gzip.compress(b"\x0a\x04\x08\x01\x10\x02" + b"\0" * (200 << 20), 9, mtime=0))
