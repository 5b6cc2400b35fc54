#!/usr/bin/env bash
# Start time and idle RSS (issue 5, section 3) by launch layout and JVM options, interleaved (variant A, B, C, ...,
# A, B, ...) so outside load hits them alike; each start uses a fresh H2 data dir. Reports the median per variant
# (wall time from launch to the first healthy answer, the CPU time the JVM had used by then, Spring's own "Started
# in", and RSS 3 s later) and ratios to the plain `java -jar target/cofre.jar` measured in the same run.
#
# Layouts: "jar" is the README's `java -jar target/cofre.jar` (one flat jar); "cds" adds a class-data-sharing
# archive made by one training run (`-XX:ArchiveClassesAtExit`, `-Dspring.context.exit=onRefresh`: exits when the
# context is refreshed, before the web server and the SSH gateway start); "cds-ready" makes it with a training run
# that starts completely, answers one health request and is stopped (SIGTERM), as the README shows; "other" is
# COFRE_OTHER_JAR started plainly (e.g. a build of an earlier commit, to compare layouts or changes); "floor" is the
# framework's floor (bench/start-floor: Cofre's Spring Boot, starters, H2 and packaging with one page, one migration
# and one security chain, built here), so Cofre's start can be read against what the stack alone takes on the machine.
#   bench/startup.sh                                   # REPS=3
#   COFRE_JAR=/path/to/cofre.jar SKIP_BUILD=1 REPS=2 bench/startup.sh
#   COFRE_OTHER_JAR=/tmp/cofre-main.jar SKIP_BUILD=1 bench/startup.sh
#   COFRE_OTHER_JAR=/tmp/cofre-main.jar ONLY_OTHER=1 REPS=6 bench/startup.sh   # just the two plain jars
#   ONLY_FLOOR=1 REPS=6 bench/startup.sh                # the plain jar against the framework's floor
#   RESTART=1 bench/startup.sh      # restarts: every start gets a copy of a data dir that one earlier start set up
#                                   #   (schema migrated, master key and admin there), as after a reboot or upgrade
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REPS="${REPS:-3}"
JAR="${COFRE_JAR:-target/cofre.jar}"
case "$JAR" in /*) ;; *) JAR="$ROOT/$JAR" ;; esac
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -q -DskipTests package
FLOOR_JAR="$ROOT/bench/start-floor/target/start-floor.jar"
OUT="$ROOT/target/startup"
rm -rf "$OUT" && mkdir -p "$OUT"
VARIANTS=(
    "jar|"
    "jar|-XX:TieredStopAtLevel=1"
    "jar|-Xmx256m -XX:+UseSerialGC"
    "cds|"
    "cds-ready|"
    "floor|"
)
OTHER="${COFRE_OTHER_JAR:-}"
[ -z "$OTHER" ] || VARIANTS+=("other|")
[ "${ONLY_OTHER:-0}" != 1 ] || VARIANTS=("jar|" "other|")
[ "${ONLY_FLOOR:-0}" != 1 ] || VARIANTS=("jar|" "floor|")
if [[ " ${VARIANTS[*]} " == *" floor|"* ]] && { [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$FLOOR_JAR" ]; }; then
    mvn -q -f bench/start-floor/pom.xml clean package
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [[ " ${VARIANTS[*]} " == *" cds|"* ]]; then
    train=$(mktemp -d /tmp/cofre-start.XXXXXX)
    COFRE_DATA_DIR="$train" COFRE_ADMIN_PASSWORD=bench-start-pw java -XX:ArchiveClassesAtExit="$OUT/cofre.jsa" \
        -Dspring.context.exit=onRefresh -jar "$JAR" --server.port=0 --cofre.ssh.port=0 \
        >"$OUT/cds-training.log" 2>&1
    rm -rf "$train"
fi

# Starts the jar on data dir $1 (log $2, JVM options after), waits for its first healthy answer, stops it (SIGTERM).
start_healthy_stop() {
    local dir=$1 log=$2 port pid; shift 2
    port=$(free_port)
    COFRE_DATA_DIR="$dir" FLOOR_DATA_DIR="$dir" COFRE_ADMIN_PASSWORD=bench-start-pw java "$@" -jar "${START_JAR:-$JAR}" \
        --server.port="$port" --cofre.ssh.port=0 >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.1; done
    kill $pid; wait $pid 2>/dev/null || true
}

if [[ " ${VARIANTS[*]} " == *" cds-ready|"* ]]; then
    train=$(mktemp -d /tmp/cofre-start.XXXXXX)
    start_healthy_stop "$train" "$OUT/cds-ready-training.log" -XX:ArchiveClassesAtExit="$OUT/cofre-ready.jsa"
    rm -rf "$train"
    [ -f "$OUT/cofre-ready.jsa" ] || { echo "cds-ready training failed"; cat "$OUT/cds-ready-training.log"; exit 1; }
fi

# A data dir after one start and stop: the schema migrated, the master key, the admin. RESTART=1 starts from copies.
TEMPLATE=""
if [ "${RESTART:-0}" = 1 ]; then
    TEMPLATE=$(mktemp -d /tmp/cofre-start.XXXXXX)
    start_healthy_stop "$TEMPLATE" "$OUT/template.log"
    [ -f "$TEMPLATE/master.key" ] || { echo "template start failed"; cat "$OUT/template.log"; exit 1; }
    if [[ " ${VARIANTS[*]} " == *" floor|"* ]]; then # the floor's own database beside Cofre's, migrated once too
        START_JAR="$FLOOR_JAR" start_healthy_stop "$TEMPLATE" "$OUT/floor-template.log"
        [ -f "$TEMPLATE/floor.mv.db" ] || { echo "floor template start failed"; cat "$OUT/floor-template.log"; exit 1; }
    fi
fi

declare -A START CPU SPRING RSS
for r in $(seq 1 "$REPS"); do
    for i in "${!VARIANTS[@]}"; do
        layout=${VARIANTS[$i]%%|*}; opts=${VARIANTS[$i]#*|}
        case $layout in
            jar) launch=(-jar "$JAR") ;;
            cds) launch=(-XX:SharedArchiveFile="$OUT/cofre.jsa" -jar "$JAR") ;;
            cds-ready) launch=(-XX:SharedArchiveFile="$OUT/cofre-ready.jsa" -jar "$JAR") ;;
            other) launch=(-jar "$OTHER") ;;
            floor) launch=(-jar "$FLOOR_JAR") ;; # its data dir is FLOOR_DATA_DIR (on RESTART=1, a copy too)
        esac
        data=$(mktemp -d /tmp/cofre-start.XXXXXX)
        [ -z "$TEMPLATE" ] || cp -a "$TEMPLATE/." "$data/"
        port=$(free_port)
        t0=$(date +%s%N)
        # shellcheck disable=SC2086
        COFRE_DATA_DIR="$data" FLOOR_DATA_DIR="$data" COFRE_ADMIN_PASSWORD=bench-start-pw java $opts "${launch[@]}" \
            --server.port="$port" --cofre.ssh.port=0 >"$data.log" 2>&1 &
        pid=$!
        until curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null; do
            kill -0 $pid 2>/dev/null || { echo "start failed: ${VARIANTS[$i]}"; cat "$data.log"; exit 1; }
            sleep 0.05
        done
        t1=$(date +%s%N)
        CPU[$i]+="$(awk '{print ($14 + $15) * 10}' /proc/$pid/stat) "
        sleep 3
        START[$i]+="$(( (t1 - t0) / 1000000 )) "
        SPRING[$i]+="$(grep -o 'Started [A-Za-z]* in [0-9.]*' "$data.log" | grep -o '[0-9.]*$') "
        RSS[$i]+="$(( $(ps -o rss= -p $pid) / 1024 )) "
        kill $pid; wait $pid 2>/dev/null || true
        rm -rf "$data" "$data.log"
    done
done
med() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
base_start=$(med ${START[0]}); base_cpu=$(med ${CPU[0]}); base_rss=$(med ${RSS[0]})
[ -z "$TEMPLATE" ] || rm -rf "$TEMPLATE"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -z "$TEMPLATE" ] || echo "restarts: every start on a copy of a data dir set up by one earlier start"
printf '%-42s | %15s | %11s | %13s | %11s | %s\n' "layout | JVM options" "launch->healthy" "CPU by then" "Spring 'in' s" "idle RSS MB" \
    "ratios to jar default (start, CPU, RSS)   runs: start / RSS"
for i in "${!VARIANTS[@]}"; do
    s=$(med ${START[$i]}); c=$(med ${CPU[$i]}); m=$(med ${RSS[$i]})
    printf '%-42s | %12.0f ms | %8.0f ms | %13.1f | %11.0f | %.2f, %.2f, %.2f   (%s/ %s)\n' \
        "${VARIANTS[$i]%%|*} | ${VARIANTS[$i]#*|}" "$s" "$c" "$(med ${SPRING[$i]})" "$m" \
        "$(python3 -c "print($s/$base_start)")" "$(python3 -c "print($c/$base_cpu)")" \
        "$(python3 -c "print($m/$base_rss)")" "${START[$i]}" "${RSS[$i]}"
done
for i in "${!VARIANTS[@]}"; do
    [ "${VARIANTS[$i]}" = "floor|" ] || continue
    echo "plain jar / framework floor: start $(python3 -c "print(round($base_start/$(med ${START[$i]}), 2))")," \
        "CPU $(python3 -c "print(round($base_cpu/$(med ${CPU[$i]}), 2))")," \
        "RSS $(python3 -c "print(round($base_rss/$(med ${RSS[$i]}), 2))")"
done
