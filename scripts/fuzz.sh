#!/usr/bin/env bash
# Fuzzes one importer with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh TARGET [SECONDS] [-- LIBFUZZER OPTIONS...]
#
# TARGET is fuzz-pstats, fuzz-folded, fuzz-speedscope, fuzz-cpuprofile, fuzz-trace,
# fuzz-perf, fuzz-pyinstrument, fuzz-pyisession, fuzz-austin, fuzz-pprof, fuzz-callgrind or
# fuzz-input (any input, recognised as `auto` does).
# The corpus starts from the fixtures of Tests/Fixtures (copied into .build/fuzz/corpus/
# TARGET, which keeps what the fuzzer learns between runs). Crashes, leaks and timeouts
# land in .build/fuzz/findings/TARGET; minimise one with
#   .build/fuzz/release/TARGET -minimize_crash=1 -runs=100000 FILE
# then add it to Tests/Fixtures/fuzz/TARGET/ (FuzzRegressionTests replays that folder).
# The last line printed is a summary: target, executions, seconds, peak RSS, findings.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/fuzz.sh fuzz-TARGET [SECONDS] [-- OPTIONS]}
shift
seconds=60
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  seconds=$1
  shift
fi
[ "${1:-}" = "--" ] && shift

# gold fails on the sanitizer runtime's symbols; the toolset links with lld instead.
swift build -c release --product "$target" --scratch-path .build/fuzz \
  --toolset scripts/fuzz-toolset.json \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -D -Xswiftc FUZZING >&2

corpus=.build/fuzz/corpus/$target
findings=.build/fuzz/findings/$target
mkdir -p "$corpus" "$findings"
seed() { [ -d "$1" ] && find "$1" -type f -size -160k ! -name '*.md' ! -name '*.py' ! -name '*.tsv' ! -name 'MANIFEST.json' -exec cp -n {} "$corpus/" \; || true; }
case $target in
  fuzz-pstats) seed Tests/Fixtures/pstats/prof; seed Tests/Fixtures/pstats/variants; seed Tests/Fixtures/pstats/malformed ;;
  fuzz-folded) seed Tests/Fixtures/folded ;;
  fuzz-speedscope) seed Tests/Fixtures/speedscope ;;
  fuzz-cpuprofile) seed Tests/Fixtures/cpuprofile ;;
  fuzz-trace) seed Tests/Fixtures/trace ;;
  fuzz-perf) seed Tests/Fixtures/perf ;;
  fuzz-pyinstrument) seed Tests/Fixtures/pyinstrument ;;
  fuzz-pyisession) seed Tests/Fixtures/pyinstrument ;;
  fuzz-austin) seed Tests/Fixtures/austin ;;
  fuzz-pprof) seed Tests/Fixtures/pprof ;;
  fuzz-callgrind) seed Tests/Fixtures/callgrind ;;
  fuzz-input) seed Tests/Fixtures/pstats/prof; seed Tests/Fixtures/folded; seed Tests/Fixtures/hostile
    seed Tests/Fixtures/speedscope; seed Tests/Fixtures/cpuprofile; seed Tests/Fixtures/trace
    seed Tests/Fixtures/perf; seed Tests/Fixtures/pyinstrument; seed Tests/Fixtures/austin
    seed Tests/Fixtures/pprof; seed Tests/Fixtures/callgrind ;;
esac
seed "Tests/Fixtures/fuzz/$target"

log=$(mktemp)
status=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1} \
  ".build/fuzz/release/$target" "$corpus" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -max_len=16384 -artifact_prefix="$findings/" -print_final_stats=1 \
  "$@" 2> "$log" || status=$?
tail -n 25 "$log" >&2
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
found=$(find "$findings" -type f | wc -l)
rm -f "$log"
echo "$target: $runs executions in $seconds s, peak RSS $rss MB, findings $found (exit $status)"
exit "$status"
