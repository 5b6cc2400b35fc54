#!/usr/bin/env bash
# HTTP benchmark (issue 5, section 2): builds and starts Cofre on H2 and on PostgreSQL (a throw-away cluster made
# with Debian's PostgreSQL 15), creates an admin token and a TOTP credential through the REST API, then runs wrk
# side by side against /actuator/health (the framework's floor) and GET /api/v1/credentials/{id}/totp at several
# connection counts, prints requests/s, p50 and p99 for both and their ratio, and checks that the audit trail
# holds exactly one TOKEN_VIEW record per 200 response (counted in the database after the server stops).
#
#   bench/http.sh                          # H2 and PostgreSQL, 1/8/32/128 connections, 10 s each
#   DBS=h2 CONNS="32" DURATION=5s bench/http.sh
#   PROFILE=1 bench/http.sh                # then a separate 32-connection token run under JFR (JFR_SETTINGS=default)
#   PROFILE_ONLY=1 bench/http.sh           # only that profiled run; analyse with bench/jfr_hotspots.py FILE.jfr
#   SKIP_BUILD=1 bench/http.sh             # reuse target/cofre.jar
#   COFRE_JAR=/path/to/cofre.jar SKIP_BUILD=1 bench/http.sh   # benchmark another build (e.g. of main)
#   EXACT_N=20000 (default): after the wrk runs, ab sends exactly that many token requests and the audit trail must
#   have grown by exactly its 2xx count.
#   REPEAT=3 (default): each connection count runs health, token, health, token, ... REPEAT times; the table shows
#   medians, so a burst of load from elsewhere on a shared machine hits one pair, not the whole comparison.
#
# Output: target/http/<db>/ (server log, wrk output, JFR), summary in target/http/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DBS="${DBS:-h2 pg}"
CONNS="${CONNS:-1 8 32 128}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-60s}"   # token rps climbs for ~45 s after a start (814 -> 10,521 rps in 5-s steps, 2026-12-02)
REPEAT="${REPEAT:-3}"
EXACT_N="${EXACT_N:-20000}"   # requests in the exact audit-count check (ab, from Debian's apache2-utils); 0 skips it
JFR_SETTINGS="${JFR_SETTINGS:-default}"
PROFILE_SECONDS="${PROFILE_SECONDS:-20s}"
if [ "${PROFILE_ONLY:-0}" = 1 ]; then PROFILE=1; CONNS=""; fi
JAR="${COFRE_JAR:-target/cofre.jar}"
case "$JAR" in /*) ;; *) JAR="$(pwd)/$JAR" ;; esac
PROFILE="${PROFILE:-0}"
OUT="$ROOT/target/http"
ADMIN_PASSWORD="bench-admin-$(date +%s)"
H2_JAR="${H2_JAR:-$(ls ~/.m2/repository/com/h2database/h2/2.4.240/h2-2.4.240.jar)}"
PG_BIN=/usr/lib/postgresql/15/bin
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"

# Every tool up front: a missing one used to stop the run only at its exact-count step, ten minutes in.
need=(wrk curl python3 java)
[ "$EXACT_N" = 0 ] || need+=(ab)
for tool in "${need[@]}"; do
    command -v "$tool" >/dev/null || { echo "bench/http.sh needs $tool (Debian packages: wrk, apache2-utils," \
        "curl, python3)" >&2; exit 1; }
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    mvn -q -DskipTests package
fi

say() { echo "$*" | tee -a "$SUMMARY"; }
. "$ROOT/bench/lib.sh"

SERVER_PID=""
PG_DIR=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
        su postgres -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -m fast stop" >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
trap cleanup EXIT

start_pg() {
    PG_DIR=$(mktemp -d /tmp/cofre-bench-pg.XXXXXX)
    chown postgres "$PG_DIR"
    PG_PORT=$(free_port)
    su postgres -c "$PG_BIN/initdb -D '$PG_DIR/data' -U postgres --auth=trust -E UTF8 >'$PG_DIR/initdb.log' 2>&1"
    su postgres -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w \
        -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200' start" >/dev/null
    su postgres -c "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres cofre"
}

start_server() { # $1 = db name, $2 = data dir
    local db=$1 data=$2
    PORT=$(free_port)
    local env=(COFRE_DATA_DIR="$data" COFRE_ADMIN_PASSWORD="$ADMIN_PASSWORD")
    if [ "$db" = pg ]; then
        env+=(SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/cofre" SPRING_DATASOURCE_USERNAME=postgres
              SPRING_DATASOURCE_PASSWORD=)
    fi
    local t0 t1
    t0=$(date +%s%N)
    env "${env[@]}" java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
        >"$OUT/$db/server.log" 2>&1 &
    SERVER_PID=$!
    until curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null; do
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died; see $OUT/$db/server.log"; exit 1; }
        sleep 0.05
    done
    t1=$(date +%s%N)
    START_MS=$(( (t1 - t0) / 1000000 ))
    sleep 2
    IDLE_RSS_MB=$(( $(ps -o rss= -p "$SERVER_PID") / 1024 ))
}

stop_server() {
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

db_pids() { # the bench cluster's postmaster and its children (backends, WAL writer, ...); none on H2
    [ -n "$PG_DIR" ] || return 0
    local pm
    pm=$(head -1 "$PG_DIR/data/postmaster.pid")
    echo "$pm" $(pgrep -P "$pm")
}

# $1 = url, $2 = connections, $3 = duration, $4 = out file; sets RES_* from the RESULT line, and RES_jvm_us /
# RES_db_us: CPU microseconds per answered request spent by the server's JVM and by the database's processes
# (the two share the machine's cores, so this cost is steadier than requests/s when other load comes and goes).
run_wrk() {
    local threads=2
    [ "$2" -lt 2 ] && threads=1
    local db_before jvm_before
    jvm_before=$(ticks "$SERVER_PID"); db_before=$(ticks $(db_pids))
    COFRE_TOKEN="$TOKEN" wrk -t"$threads" -c"$2" -d"$3" --latency -s "$ROOT/bench/wrk-report.lua" "$1" >"$4" 2>&1
    local jvm=$(( $(ticks "$SERVER_PID") - jvm_before )) db=$(( $(ticks $(db_pids)) - db_before ))
    local line
    line=$(grep '^RESULT' "$4")
    eval "$(echo "$line" | sed 's/^RESULT //' | tr ' ' '\n' | sed 's/^/RES_/')"
    local answered=$((RES_ok200 + RES_non2xx))
    [ "$answered" -gt 0 ] || answered=1
    RES_jvm_us=$((jvm * TICK_US / answered)); RES_db_us=$((db * TICK_US / answered))
}

for db in $DBS; do
    if [ "$db" = pg ]; then
        if [ ! -x "$PG_BIN/initdb" ]; then say "PostgreSQL not available; skipping"; continue; fi
        start_pg
    fi
    mkdir -p "$OUT/$db"
    DATA=$(mktemp -d /tmp/cofre-bench-data.XXXXXX)
    start_server "$db" "$DATA"
    BASE="http://127.0.0.1:$PORT"
    [ -f "$DATA/master.key" ] || [ -n "$(ls -A "$DATA")" ] || { echo "COFRE_DATA_DIR was not used"; exit 1; }
    TOKEN=$(curl -sf -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "$BASE/api/v1/auth/login" | json "['token']")
    CRED=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
        -d '{"name":"bench-totp","username":"bench","password":"s3cret-bench","totp":{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}}' \
        "$BASE/api/v1/credentials" | json "['id']")
    TOTP_URL="$BASE/api/v1/credentials/$CRED/totp"
    HEALTH_URL="$BASE/actuator/health"
    curl -sf -H "Authorization: Bearer $TOKEN" "$TOTP_URL" >/dev/null
    TOKEN_200=1  # the curl check above
    STARTED=$(grep -o 'Started CofreApplication in [0-9.]* seconds (process running for [0-9.]*)' "$OUT/$db/server.log" | head -1)
    say ""
    say "== $db ($JAR): ${START_MS} ms from launch to first healthy response; Spring: ${STARTED}; idle RSS ${IDLE_RSS_MB} MB"

    # Warm-up (JIT, pools); its 200s count towards the audit check too.
    run_wrk "$HEALTH_URL" 8 "$WARMUP" "$OUT/$db/warmup-health.txt"
    run_wrk "$TOTP_URL" 8 "$WARMUP" "$OUT/$db/warmup-totp.txt"
    TOKEN_200=$((TOKEN_200 + RES_ok200)); TOKEN_SENT=$((1 + RES_sent))

    say "$(printf '%-5s | %-34s | %-52s | %s' conns 'health: rps  p50 ms  p99 ms' 'totp: rps  p50 ms  p99 ms  non2xx  sockerr' 'totp/health rps  p99')"
    for c in $CONNS; do
        HR=(); HP50=(); HP99=(); TR=(); TP50=(); TP99=(); PAIR=(); H_ERR=0; T_NON2XX=0; T_SOCK=0
        HJ=(); HD=(); TJ=(); TD=()
        for r in $(seq 1 "$REPEAT"); do
            run_wrk "$HEALTH_URL" "$c" "$DURATION" "$OUT/$db/health-c$c-r$r.txt"
            HR+=("$RES_rps"); HP50+=("$RES_p50_ms"); HP99+=("$RES_p99_ms")
            H_ERR=$((H_ERR + RES_non2xx + RES_connect + RES_read + RES_write + RES_timeout))
            HJ+=("$RES_jvm_us"); HD+=("$RES_db_us")
            h_rps=$RES_rps
            run_wrk "$TOTP_URL" "$c" "$DURATION" "$OUT/$db/totp-c$c-r$r.txt"
            TR+=("$RES_rps"); TP50+=("$RES_p50_ms"); TP99+=("$RES_p99_ms")
            TJ+=("$RES_jvm_us"); TD+=("$RES_db_us")
            PAIR+=("$(python3 -c "print($RES_rps / $h_rps)")")
            TOKEN_200=$((TOKEN_200 + RES_ok200)); TOKEN_SENT=$((TOKEN_SENT + RES_sent))
            T_NON2XX=$((T_NON2XX + RES_non2xx)); T_SOCK=$((T_SOCK + RES_connect + RES_read + RES_write + RES_timeout))
        done
        say "$(printf '%-5s | %10.0f %8.2f %8.2f %s | %10.0f %8.2f %8.2f %7d %8d | %8.2f %8.2f   (per-pair rps ratios: %s)' "$c" \
            "$(median "${HR[@]}")" "$(median "${HP50[@]}")" "$(median "${HP99[@]}")" \
            "$([ $H_ERR = 0 ] && echo '  ok' || echo "err=$H_ERR")" \
            "$(median "${TR[@]}")" "$(median "${TP50[@]}")" "$(median "${TP99[@]}")" "$T_NON2XX" "$T_SOCK" \
            "$(python3 -c "print($(median "${TR[@]}") / $(median "${HR[@]}"))")" \
            "$(python3 -c "print($(median "${TP99[@]}") / $(median "${HP99[@]}"))")" \
            "$(printf '%.2f ' "${PAIR[@]}")")"
        hj=$(median "${HJ[@]}"); hd=$(median "${HD[@]}"); tj=$(median "${TJ[@]}"); td=$(median "${TD[@]}")
        say "$(printf '%-5s | CPU us per request (JVM + database): health %.0f + %.0f, totp %.0f + %.0f -> health/totp cost %.2f' \
            "$c" "$hj" "$hd" "$tj" "$td" "$(python3 -c "print(($hj + $hd) / ($tj + $td))")")"
    done
    if [ "$PROFILE" = 1 ]; then
        # Profiled separately (not in the table): JFR's own cost must not tilt the comparison.
        jcmd "$SERVER_PID" JFR.start name=bench settings="$JFR_SETTINGS" filename="$OUT/$db/totp-c32.jfr" >/dev/null
        run_wrk "$TOTP_URL" 32 "$PROFILE_SECONDS" "$OUT/$db/totp-c32-profiled.txt"
        jcmd "$SERVER_PID" JFR.stop name=bench >/dev/null
        TOKEN_200=$((TOKEN_200 + RES_ok200)); TOKEN_SENT=$((TOKEN_SENT + RES_sent))
        say "profiled run (JFR settings=$JFR_SETTINGS, 32 connections, $PROFILE_SECONDS): $RES_rps rps, p99 $RES_p99_ms ms -> $OUT/$db/totp-c32.jfr"
    fi
    # Exact audit count: ab sends exactly EXACT_N requests and reads every answer (unlike wrk, which stops with
    # requests in flight), so the TOKEN_VIEW records added while it ran must equal its 2xx answers exactly.
    if [ "$EXACT_N" -gt 0 ]; then
        audited_now() {
            curl -sf -H "Authorization: Bearer $TOKEN" \
                "$BASE/api/v1/audit?action=TOKEN_VIEW&credentialId=$CRED&size=1" | json "['total']"
        }
        before=$(audited_now)
        ab -q -k -n "$EXACT_N" -c 32 -H "Authorization: Bearer $TOKEN" "$TOTP_URL" >"$OUT/$db/ab-exact.txt" 2>&1
        after=$(audited_now)
        complete=$(awk '/^Complete requests:/ {print $3}' "$OUT/$db/ab-exact.txt")
        # ab also counts "Length" failures: answers whose length differs from the first one's, which a token
        # answer does in the last seconds of a period (it then carries the next code too). Only real failures count.
        failed=$(grep -A1 '^Failed requests:' "$OUT/$db/ab-exact.txt" | sed -n 's/.*Connect: \([0-9]*\), Receive: \([0-9]*\), Length: [0-9]*, Exceptions: \([0-9]*\).*/\1 \2 \3/p' | awk '{print $1 + $2 + $3}')
        failed=${failed:-0}
        non2xx=$(awk '/^Non-2xx responses:/ {print $3}' "$OUT/$db/ab-exact.txt"); non2xx=${non2xx:-0}
        ok=$((complete - failed - non2xx))
        TOKEN_200=$((TOKEN_200 + ok)); TOKEN_SENT=$((TOKEN_SENT + EXACT_N))
        [ $((after - before)) = "$ok" ] && [ "$complete" = "$EXACT_N" ] && exact="EXACT" || exact="MISMATCH"
        say "audit exactness (ab -k -c 32 -n $EXACT_N, every answer read): $complete answered, $ok 2xx, $failed failed, $non2xx non-2xx; TOKEN_VIEW records $before -> $after (+$((after - before))) -> $exact"
    fi
    ACTIVE_RSS_MB=$(( $(ps -o rss= -p "$SERVER_PID") / 1024 ))
    stop_server

    # The audit check, in the database itself (this branch has no /api/v1/audit endpoint yet).
    QUERY="SELECT COUNT(*) FROM audit_events WHERE action = 'TOKEN_VIEW' AND outcome = 'SUCCESS'"
    if [ "$db" = pg ]; then
        AUDITED=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d cofre -tAc "$QUERY")
        HOW="psql"
    else
        AUDITED=$(java -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$DATA/cofre" -user cofre -password '' \
            -sql "$QUERY" | sed -n 2p | tr -d ' ')
        HOW="H2 Shell on the stopped server's data dir"
    fi
    # wrk stops with requests in flight: the server may still serve (and so audit) them, but wrk never reads the
    # answer. So the trail must hold at least every 200 received and at most every request sent.
    if [ "$AUDITED" = "$TOKEN_200" ]; then VERDICT="EXACT"
    elif [ "$AUDITED" -gt "$TOKEN_200" ] && [ "$AUDITED" -le "$TOKEN_SENT" ]; then
        VERDICT="CONSISTENT: $((AUDITED - TOKEN_200)) extra records, within the $((TOKEN_SENT - TOKEN_200)) requests wrk sent but did not read a 200 for"
    else VERDICT="MISMATCH"; fi
    say "audit: $AUDITED TOKEN_VIEW/SUCCESS records, $TOKEN_200 200 responses received, $TOKEN_SENT requests sent -> $VERDICT (counted with $HOW); RSS after load ${ACTIVE_RSS_MB} MB"
    if [ "$db" = pg ]; then
        su postgres -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -m fast stop" >/dev/null
        rm -rf "$PG_DIR"
        PG_DIR=""
    fi
    rm -rf "$DATA"
done
