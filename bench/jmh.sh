#!/usr/bin/env bash
# TOTP engine benchmarks (issue 5, section 1). Builds target/benchmarks.jar (profile "bench") and runs the JMH
# benchmarks single-threaded and with 2 threads, with the GC profiler, then prints ratios against the baselines
# measured in the same run (fastest library, bare Mac.doFinal floor).
#
#   bench/jmh.sh                 # all TOTP benchmarks, 1 and 2 threads
#   THREADS="1" bench/jmh.sh     # only single-threaded
#   JMH_OPTS="-f 1 -wi 5 -w 2s -i 10 -r 2s" bench/jmh.sh 'TotpBenchmark.cofre.*'
#
# Results: target/jmh/totp-t<N>.json (+ .txt); summary on stdout and in target/jmh/summary.txt; then the
# interleaved ratio race (dev.cofre.bench.PairedRace) in target/jmh/paired-<alg>.txt (PAIRED=0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
FILTER="${1:-Totp}"
THREADS="${THREADS:-1 2}"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
OUT=target/jmh
mvn -Pbench -q -DskipTests package
mkdir -p "$OUT"
for t in $THREADS; do
    # shellcheck disable=SC2086
    java -jar target/benchmarks.jar "$FILTER" $JMH_OPTS -t "$t" -prof gc -rf json -rff "$OUT/totp-t$t.json" \
        | tee "$OUT/totp-t$t.txt" | grep -E '^(Benchmark|Totp|PadState)' | grep -v 'gc\.\(count\|time\|churn\)' || true
done
python3 bench/jmh_summary.py "$OUT"/totp-t*.json | tee "$OUT/summary.txt"
# Noise-resistant ratios: engines interleaved in 20 ms slices, ratio taken per round (see PairedRace).
if [ "${PAIRED:-1}" = 1 ]; then
    for alg in SHA1 SHA512; do
        java -cp target/benchmarks.jar dev.cofre.bench.PairedRace "$alg" "${PAIRED_ROUNDS:-150}" | tee "$OUT/paired-$alg.txt"
    done
fi
