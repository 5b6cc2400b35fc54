#!/usr/bin/env bash
# A/B HTTP comparison of two builds on this shared, noisy machine: both servers run at once (on H2, or each on its
# own database of one throw-away PostgreSQL 15 cluster) and short wrk runs alternate between them — health and
# token on A, then on B, the order swapped every round — so load from elsewhere hits both alike. Prints, per
# build, the medians of requests/s and p99 for /actuator/health and GET /api/v1/credentials/{id}/totp, the
# token/health ratio, the CPU microseconds per request spent by its JVM and by its database backends, and B/A.
#
#   bench/ab.sh /tmp/cofre-main.jar target/cofre.jar            # H2, 32 connections, 8 rounds of 5 s runs
#   DB=pg ROUNDS=10 CONNS=32 bench/ab.sh A.jar B.jar
#   JAVA_OPTS_B="-Dsome.setting=1" bench/ab.sh X.jar X.jar     # one build, two settings
#
# Output: target/ab/ (server logs, every wrk output), summary in target/ab/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
[ $# = 2 ] || { echo "usage: bench/ab.sh A.jar B.jar"; exit 2; }
JARS=("$(realpath "$1")" "$(realpath "$2")")
DB="${DB:-h2}"
CONNS="${CONNS:-32}"
DURATION="${DURATION:-5s}"
ROUNDS="${ROUNDS:-8}"
WARMUP="${WARMUP:-40s}"
PG_BIN=/usr/lib/postgresql/15/bin
OUT="$ROOT/target/ab"
rm -rf "$OUT" && mkdir -p "$OUT"
ADMIN_PASSWORD="bench-admin-$(date +%s)"
. "$ROOT/bench/lib.sh"

PIDS=(); PG_DIR=""; DATA_DIRS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
    if [ -n "$PG_DIR" ]; then
        su postgres -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -m fast stop" >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
    for d in "${DATA_DIRS[@]}"; do rm -rf "$d"; done
}
trap cleanup EXIT

if [ "$DB" = pg ]; then
    PG_DIR=$(mktemp -d /tmp/cofre-ab-pg.XXXXXX); chown postgres "$PG_DIR"; PG_PORT=$(free_port)
    su postgres -c "$PG_BIN/initdb -D '$PG_DIR/data' -U postgres --auth=trust -E UTF8 >'$PG_DIR/initdb.log' 2>&1"
    su postgres -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w \
        -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200' start" >/dev/null
    for db in a b; do su postgres -c "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres cofre_$db"; done
fi
db_pids() { # the backends connected to build $1's database
    [ "$DB" = pg ] || return 0
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
        "SELECT pid FROM pg_stat_activity WHERE datname = 'cofre_$1'"
}

NAMES=(a b); PORTS=(); TOKENS=(); CREDS=()
for i in 0 1; do
    data=$(mktemp -d /tmp/cofre-ab-data.XXXXXX); DATA_DIRS+=("$data")
    port=$(free_port); PORTS+=("$port")
    env=(COFRE_DATA_DIR="$data" COFRE_ADMIN_PASSWORD="$ADMIN_PASSWORD")
    [ "$DB" = pg ] && env+=(SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/cofre_${NAMES[$i]}"
        SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=)
    opts=${JAVA_OPTS:-}; [ $i = 0 ] && opts+=" ${JAVA_OPTS_A:-}" || opts+=" ${JAVA_OPTS_B:-}"
    # shellcheck disable=SC2086
    env "${env[@]}" java $opts -jar "${JARS[$i]}" --server.port="$port" --cofre.ssh.port=0 \
        >"$OUT/server-${NAMES[$i]}.log" 2>&1 &
    PIDS+=($!)
    until curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null; do
        kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "server ${NAMES[$i]} died; see $OUT/server-${NAMES[$i]}.log"; exit 1; }
        sleep 0.1
    done
    base="http://127.0.0.1:$port"
    TOKENS+=("$(curl -sf -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "$base/api/v1/auth/login" | json "['token']")")
    CREDS+=("$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer ${TOKENS[$i]}" \
        -d '{"name":"bench-totp","username":"bench","password":"s3cret-bench","totp":{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}}' \
        "$base/api/v1/credentials" | json "['id']")")
done

url() { # $1 = build index, $2 = health|totp
    local base="http://127.0.0.1:${PORTS[$1]}"
    [ "$2" = health ] && echo "$base/actuator/health" || echo "$base/api/v1/credentials/${CREDS[$1]}/totp"
}
declare -A RPS P99 JVM DBUS
run() { # $1 = build index, $2 = health|totp, $3 = connections, $4 = duration, $5 = out file
    local jvm0 db0 jvm db
    jvm0=$(ticks "${PIDS[$1]}"); db0=$(ticks $(db_pids "${NAMES[$1]}"))
    COFRE_TOKEN="${TOKENS[$1]}" wrk -t2 -c"$3" -d"$4" --latency -s "$ROOT/bench/wrk-report.lua" "$(url "$1" "$2")" \
        >"$5" 2>&1
    jvm=$(( $(ticks "${PIDS[$1]}") - jvm0 )); db=$(( $(ticks $(db_pids "${NAMES[$1]}")) - db0 ))
    eval "$(grep '^RESULT' "$5" | sed 's/^RESULT //' | tr ' ' '\n' | sed 's/^/RES_/')"
    [ $((RES_non2xx + RES_connect + RES_read + RES_write + RES_timeout)) = 0 ] || { echo "errors in $5"; exit 1; }
    local answered=$((RES_ok200 > 0 ? RES_ok200 : 1))
    local k="$1 $2"
    RPS[$k]+="$RES_rps "; P99[$k]+="$RES_p99_ms "
    JVM[$k]+="$((jvm * TICK_US / answered)) "; DBUS[$k]+="$((db * TICK_US / answered)) "
}

for i in 0 1; do for what in health totp; do run "$i" "$what" 8 "$WARMUP" "$OUT/warmup-$i-$what.txt"; done; done
RPS=(); P99=(); JVM=(); DBUS=()
for r in $(seq 1 "$ROUNDS"); do
    order=(0 1); [ $((r % 2)) = 0 ] && order=(1 0)
    for i in "${order[@]}"; do
        for what in health totp; do run "$i" "$what" "$CONNS" "$DURATION" "$OUT/r$r-${NAMES[$i]}-$what.txt"; done
    done
done

{
    echo "A = ${JARS[0]} ${JAVA_OPTS_A:-}"
    echo "B = ${JARS[1]} ${JAVA_OPTS_B:-}"
    echo "$DB, $CONNS connections, $ROUNDS rounds of $DURATION per endpoint and build (medians); $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-5s | %-28s | %-28s | %-8s | %s\n' build 'health rps  p99 ms  cpu us' 'totp rps  p99 ms  cpu us' 'totp/hl' 'cpu us: totp = jvm + db'
    declare -A SUM
    for i in 0 1; do
        h=$(median ${RPS[$i health]}); t=$(median ${RPS[$i totp]})
        hc=$(python3 -c "print($(median ${JVM[$i health]}) + $(median ${DBUS[$i health]}))")
        tj=$(median ${JVM[$i totp]}); td=$(median ${DBUS[$i totp]})
        SUM[$i]="$h $t $tj $td"
        printf '%-5s | %10.0f %7.2f %8.0f | %10.0f %7.2f %8.0f | %8.3f | %.0f = %.0f + %.0f\n' "${NAMES[$i]^^}" \
            "$h" "$(median ${P99[$i health]})" "$hc" "$t" "$(median ${P99[$i totp]})" "$(python3 -c "print($tj + $td)")" \
            "$(python3 -c "print($t / $h)")" "$(python3 -c "print($tj + $td)")" "$tj" "$td"
    done
    read -r ha ta tja tda <<<"${SUM[0]}"; read -r hb tb tjb tdb <<<"${SUM[1]}"
    printf 'B/A   | health rps %.3f, totp rps %.3f, totp/health %.3f, totp cpu %.3f (jvm %.3f, db %s)\n' \
        "$(python3 -c "print($hb / $ha)")" "$(python3 -c "print($tb / $ta)")" \
        "$(python3 -c "print(($tb / $hb) / ($ta / $ha))")" "$(python3 -c "print(($tjb + $tdb) / ($tja + $tda))")" \
        "$(python3 -c "print($tjb / $tja)")" "$(python3 -c "print('%.3f' % ($tdb / $tda) if $tda > 0 else '-')")"
    echo "per-round totp rps A: ${RPS[0 totp]}"
    echo "per-round totp rps B: ${RPS[1 totp]}"
} | tee "$OUT/summary.txt"
