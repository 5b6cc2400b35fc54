#!/usr/bin/env bash
# Start time and idle RSS (issue 5, section 3) for JVM option variants, interleaved (variant A, B, C, ..., A, B, ...)
# so outside load hits them alike; each start uses a fresh H2 data dir. Reports the median per variant and its
# ratio to the default JVM options measured in the same run.
#   bench/startup.sh                                   # REPS=3
#   COFRE_JAR=/path/to/cofre.jar SKIP_BUILD=1 REPS=2 bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${REPS:-3}"
JAR="${COFRE_JAR:-target/cofre.jar}"
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -q -DskipTests package
VARIANTS=(
    ""
    "-XX:TieredStopAtLevel=1"
    "-Xmx256m -XX:+UseSerialGC"
    "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"
)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A START SPRING RSS
for r in $(seq 1 "$REPS"); do
    for i in "${!VARIANTS[@]}"; do
        data=$(mktemp -d /tmp/cofre-start.XXXXXX)
        port=$(free_port)
        t0=$(date +%s%N)
        # shellcheck disable=SC2086
        COFRE_DATA_DIR="$data" COFRE_ADMIN_PASSWORD=bench-start-pw java ${VARIANTS[$i]} -jar "$JAR" \
            --server.port="$port" >"$data.log" 2>&1 &
        pid=$!
        until curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null; do sleep 0.05; done
        t1=$(date +%s%N)
        sleep 3
        START[$i]+="$(( (t1 - t0) / 1000000 )) "
        SPRING[$i]+="$(grep -o 'Started CofreApplication in [0-9.]*' "$data.log" | grep -o '[0-9.]*$') "
        RSS[$i]+="$(( $(ps -o rss= -p $pid) / 1024 )) "
        kill $pid; wait $pid 2>/dev/null || true
        rm -rf "$data" "$data.log"
    done
done
med() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
base_start=$(med ${START[0]}); base_rss=$(med ${RSS[0]})
printf '%-58s | %16s | %14s | %12s | %s\n' "JVM options" "launch->healthy" "Spring 'in' s" "idle RSS MB" "ratios to default (start, RSS)"
for i in "${!VARIANTS[@]}"; do
    s=$(med ${START[$i]}); m=$(med ${RSS[$i]})
    printf '%-58s | %13.0f ms | %14.1f | %12.0f | %.2f, %.2f   (runs: %s/ %s)\n' "${VARIANTS[$i]:-(default)}" "$s" \
        "$(med ${SPRING[$i]})" "$m" "$(python3 -c "print($s/$base_start)")" "$(python3 -c "print($m/$base_rss)")" \
        "${START[$i]}" "${RSS[$i]}"
done
