#!/usr/bin/env python3
"""Bound widths and unplaced time of flamewalk vs the baseline oracle on pstats files.

Run from the repository root after `swift build`: python3 scripts/bound_widths.py FILE...
Per file: (unattributed) and recursion shares of the run, nodes >= 1% of the run, exact
nodes among them, and the summed width hi - lo over them (w), for both trees."""
import json, sys, subprocess
def load(cmd):
    return json.loads(subprocess.run(cmd, capture_output=True, text=True).stdout)
def stats(t):
    tot = t['total']; out = dict(unattr=0, rec=0, width=0, nodes=0, exact=0, sumT=0, topun=0)
    for c in t['children']:
        if c['kind'] == 'unattributed': out['topun'] += c['total']
    def walk(n):
        k = n['kind']
        if k == 'unattributed': out['unattr'] += n['total']
        if k == 'recursion': out['rec'] += n['total']
        if k in ('root', 'call') and n['total'] >= 0.01 * tot:
            out['nodes'] += 1; out['sumT'] += n['total']
            out['width'] += n['hi'] - n['lo']
            if n['exact']: out['exact'] += 1
        for c in n['children']: walk(c)
    walk(t)
    return tot, out
for f in sys.argv[1:]:
    row = [f]
    for name, cmd in (('ref', ['python3', 'Tests/Fixtures/oracle/calltree_ref.py', f, '--json', '--min-fraction', '0.001']),
                      ('fw', ['.build/debug/flamewalk', 'tree', f, '--format', 'json', '--min-percent', '0.1'])):
        tot, o = stats(load(cmd))
        row.append(f"{name}: un={100*o['unattr']/tot:5.1f}% top-un={100*o['topun']/tot:5.1f}% rec={100*o['rec']/tot:5.1f}% n={o['nodes']:3d} exact={o['exact']:3d} w/T={o['width']/max(o['sumT'],1e-12):5.2f} w={o['width']:.3f}")
    print(" | ".join(row))
