#!/usr/bin/env bash
# Scale benchmark (issue 5, section 3). Loads data with JDBC batches while the server is stopped
# (dev.cofre.audit.ScaleHarness: 1,000 users, 200 groups, 10,000 policies, 1,000,000 chained audit records and
# 1k -> 10k -> 100k credentials), and at each size starts the server (start time, idle RSS) and measures with wrk
# (1 connection, sequential requests) the credential list's first page and a search, for the admin and for a user
# with three policies of its own (and, for the admin, a search that every credential matches), and one policy
# decision (GET /api/v1/credentials/{id} as that user); then the same kinds of request varied from one to the next
# (every sort both ways; 50 narrow searches; 10 texts every credential has, by name and by update time; name prefixes
# whose matches cluster at the end of the name order).
# At the last size also times GET /api/v1/audit/verify on the server; finally times AuditTrail.verify() over the
# 1,000,000 records through the harness on the stopped database.
#
#   bench/scale.sh                  # H2
#   DB=pg bench/scale.sh            # PostgreSQL 15 in a throw-away cluster
#   SIZES="1000 10000" DURATION=3s SKIP_BUILD=1 bench/scale.sh
#   COFRE_JAR=/path/to/cofre.jar bench/scale.sh   # serve with another build (e.g. of main)
#   COFRE_OTHER_JAR=/tmp/old.jar ROUNDS=2 bench/scale.sh   # at each size, both builds on the same data, started
#                                   # in turn (other, this, other, this ...), and each request's p50 ratio this/other
#   CLASSES=/path/to/classes bench/scale.sh        # the harness's AuditTrail from another build (its BOOT-INF/classes)
#   WARMUP=3s bench/scale.sh        # run each request unrecorded first: the first seconds after a start measure the JIT
#   JAVA_OPTS=-Dcofre.ssh.port=0 bench/scale.sh    # when another server holds the SSH gateway's port 2222
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DB="${DB:-h2}"
SIZES="${SIZES:-1000 10000 100000}"
AUDIT="${AUDIT:-1000000}"
DURATION="${DURATION:-5s}"
JAR="${COFRE_JAR:-target/cofre.jar}"
case "$JAR" in /*) ;; *) JAR="$(pwd)/$JAR" ;; esac
OTHER="${COFRE_OTHER_JAR:-}"
if [ -n "$OTHER" ]; then
    case "$OTHER" in /*) ;; *) OTHER="$(pwd)/$OTHER" ;; esac
    ROUNDS="${ROUNDS:-2}"
else
    ROUNDS=1
fi
OUT="$ROOT/target/scale/$DB"
PG_BIN=/usr/lib/postgresql/15/bin
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
ROWS="$OUT/rows.tsv"
: > "$ROWS"
say() { echo "$*" | tee -a "$SUMMARY"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    mvn -q -DskipTests package
    mvn -Pbench -q -DskipTests test-compile
fi
# The harness is compiled only with -Pbench: a later `mvn verify` leaves target/test-classes without it.
[ -f "$ROOT/target/test-classes/dev/cofre/audit/ScaleHarness.class" ] || mvn -Pbench -q -DskipTests test-compile
CP_FILE="$ROOT/target/bench-classpath.txt"
[ -f "$CP_FILE" ] || mvn -Pbench -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
CP="$ROOT/target/test-classes:${CLASSES:-$ROOT/target/classes}:$(cat "$CP_FILE")"

DATA=$(mktemp -d /tmp/cofre-scale-data.XXXXXX)
MASTER_KEY=$(head -c 32 /dev/urandom | base64)
ADMIN_PASSWORD="bench-admin-$(date +%s)"
SERVER_PID=""
PG_DIR=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    if [ -n "$PG_DIR" ]; then
        su postgres -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -m fast stop" >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
    rm -rf "$DATA"
}
trap cleanup EXIT

ENVS=(COFRE_DATA_DIR="$DATA" COFRE_ADMIN_PASSWORD="$ADMIN_PASSWORD" COFRE_MASTER_KEY="$MASTER_KEY")
if [ "$DB" = pg ]; then
    PG_DIR=$(mktemp -d /tmp/cofre-scale-pg.XXXXXX)
    chown postgres "$PG_DIR"
    PG_PORT=$(free_port)
    su postgres -c "$PG_BIN/initdb -D '$PG_DIR/data' -U postgres --auth=trust -E UTF8 >'$PG_DIR/initdb.log' 2>&1"
    su postgres -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w \
        -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1' start" >/dev/null
    su postgres -c "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres cofre"
    JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/cofre"; JDBC_USER=postgres; JDBC_PASSWORD=""
    ENVS+=(SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=)
else
    JDBC_URL="jdbc:h2:file:$DATA/cofre"; JDBC_USER=cofre; JDBC_PASSWORD=""
fi

start_server() { # $1: the jar (default: JAR)
    PORT=$(free_port)
    local t0 t1
    t0=$(date +%s%N)
    env "${ENVS[@]}" java ${JAVA_OPTS:-} -jar "${1:-$JAR}" --server.port="$PORT" >>"$OUT/server.log" 2>&1 &
    SERVER_PID=$!
    until curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null; do
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died; see $OUT/server.log"; exit 1; }
        sleep 0.05
    done
    t1=$(date +%s%N)
    START_MS=$(( (t1 - t0) / 1000000 ))
    sleep 3
    IDLE_RSS_MB=$(( $(ps -o rss= -p "$SERVER_PID") / 1024 ))
    BASE="http://127.0.0.1:$PORT"
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }
login() {
    curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$ADMIN_PASSWORD\"}" \
        "$BASE/api/v1/auth/login" | json "['token']"
}
measure() { # $1 label, $2 token, $3 path [, $4 a file of paths sent in turn (the total shown is the first's)]
    local f="$OUT/wrk-$N-$1.txt"
    curl -sf -H "Authorization: Bearer $2" "$BASE$3" -o "$OUT/body-$N-$1.json" || { say "$1: request failed"; return; }
    local total
    total=$(json "['total']" <"$OUT/body-$N-$1.json" 2>/dev/null || echo -)
    if [ -n "${WARMUP:-}" ]; then
        COFRE_PATHS="${4:-}" COFRE_TOKEN="$2" wrk -t1 -c1 -d"$WARMUP" -s "$ROOT/bench/wrk-report.lua" "$BASE$3" \
            >/dev/null 2>&1
    fi
    COFRE_PATHS="${4:-}" COFRE_TOKEN="$2" wrk -t1 -c1 -d"$DURATION" -s "$ROOT/bench/wrk-report.lua" "$BASE$3" >"$f" 2>&1
    eval "$(grep '^RESULT' "$f" | sed 's/^RESULT //' | tr ' ' '\n' | sed 's/^/RES_/')"
    say "$(printf '%7s | %-31s | %8s | %8.2f %8.2f %8.2f | %6.0f | %s%s' "$N" "$1" "$total" "$RES_p50_ms" "$RES_p90_ms" \
        "$RES_p99_ms" "$RES_rps" "$([ "$RES_non2xx" = 0 ] && echo ok || echo "non2xx=$RES_non2xx")" \
        "${SERVING:+ | $SERVING}")"
    printf '%s\t%s\t%s\t%s\t%s\n' "$N" "$1" "${SERVING:-this}" "$RES_p50_ms" "$RES_p99_ms" >>"$ROWS"
}

# Varied requests: every sort both ways; 50 searches matching 10 credentials each ("srv-00010" .. "srv-00059": the
# harness names credentials srv-000000 ...); 10 texts that every credential has (name, host, type, tag parts).
for sort in name username host type updated; do
    for dir in asc desc; do echo "/api/v1/credentials?size=20&sort=$sort&direction=$dir"; done
done >"$OUT/sorts.txt"
for n in $(seq 10 59); do echo "/api/v1/credentials?size=20&q=srv-000$n"; done >"$OUT/narrow.txt"
BROAD="srv srv- example host- team- .net dc ssh xample exam"
for q in $BROAD; do echo "/api/v1/credentials?size=20&q=$q"; done >"$OUT/broad.txt"
for q in $BROAD; do echo "/api/v1/credentials?size=20&sort=updated&direction=desc&q=$q"; done >"$OUT/broad-updated.txt"

# Name prefixes matching the last 1 % and 10 % of the N names (srv-099 and srv-09 at 100k, srv-00099 and srv-0009 at
# 1k), sorted by name both ways and by host: matches clustered along the sort, where reading the sort's index walks
# past every other row (a prefix search in the default name order is the everyday case).
clustered() {
    local from pct keep
    for pct in 1 10; do
        from=$(printf '%06d' $(( N * (100 - pct) / 100 )))
        keep=$(( (pct == 1 ? 9 : 8) - ${#N} ))
        for sort in "sort=name&direction=asc" "sort=name&direction=desc" "sort=host&direction=asc"; do
            echo "/api/v1/credentials?size=20&$sort&q=srv-${from:0:$keep}"
        done
    done
}

# First start: schema and admin user.
start_server
say "== $DB ($JAR): empty start ${START_MS} ms, idle RSS ${IDLE_RSS_MB} MB"
stop_server
FIRST=1
say "$(printf '%7s | %-31s | %8s | %8s %8s %8s | %6s |' creds request visible p50_ms p90_ms p99_ms rps)"
for N in $SIZES; do
    A=0; [ "$FIRST" = 1 ] && A=$AUDIT
    t0=$(date +%s)
    java -cp "$CP" dev.cofre.audit.ScaleHarness load "$JDBC_URL" "$JDBC_USER" "$JDBC_PASSWORD" "$MASTER_KEY" \
        "$N" 1000 200 10000 "$A" >>"$OUT/load.log" 2>&1 || { tail "$OUT/load.log"; exit 1; }
    [ "$FIRST" = 1 ] && say "loaded 1000 users, 200 groups, 10000 policies, $AUDIT audit records and $N credentials in $(( $(date +%s) - t0 )) s"
    FIRST=0
    for ROUND in $(seq "$ROUNDS"); do
      for SERVING in ${OTHER:+other} this; do
        [ -n "$OTHER" ] || SERVING=""
        start_server "$([ "$SERVING" = other ] && echo "$OTHER" || echo "$JAR")"
        say "$(printf '%7s | server start %d ms, idle RSS %d MB%s' "$N" "$START_MS" "$IDLE_RSS_MB" "${SERVING:+ ($SERVING)}")"
        ADMIN=$(login admin)
        USER=$(login bench-user)
        ID=$(curl -sf -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/credentials?size=1&page=7" | json "['items'][0]['id']")
        measure "admin list size=20" "$ADMIN" "/api/v1/credentials?size=20"
        measure "admin search q=srv-00042" "$ADMIN" "/api/v1/credentials?size=20&q=srv-00042"
        measure "admin search q=srv (all)" "$ADMIN" "/api/v1/credentials?size=20&q=srv"
        measure "user list size=20" "$USER" "/api/v1/credentials?size=20"
        measure "user search q=srv-00042" "$USER" "/api/v1/credentials?size=20&q=srv-00042"
        measure "user get one (policy)" "$USER" "/api/v1/credentials/$ID"
        measure "admin get one" "$ADMIN" "/api/v1/credentials/$ID"
        # The same kinds of request, each run varied (H2 answers a repeated statement from its last result).
        measure "admin list, 10 sorts" "$ADMIN" "$(head -1 "$OUT/sorts.txt")" "$OUT/sorts.txt"
        measure "admin search 50 narrow" "$ADMIN" "$(head -1 "$OUT/narrow.txt")" "$OUT/narrow.txt"
        measure "admin search 10 broad" "$ADMIN" "$(head -1 "$OUT/broad.txt")" "$OUT/broad.txt"
        measure "admin search broad, by updated" "$ADMIN" "$(head -1 "$OUT/broad-updated.txt")" "$OUT/broad-updated.txt"
        clustered >"$OUT/clustered-$N.txt"
        measure "admin search clustered, 6" "$ADMIN" "$(head -1 "$OUT/clustered-$N.txt")" "$OUT/clustered-$N.txt"
        measure "user list, 10 sorts" "$USER" "$(head -1 "$OUT/sorts.txt")" "$OUT/sorts.txt"
        measure "user search 50 narrow" "$USER" "$(head -1 "$OUT/narrow.txt")" "$OUT/narrow.txt"
        measure "user search 10 broad" "$USER" "$(head -1 "$OUT/broad.txt")" "$OUT/broad.txt"
        if [ "$N" = "${SIZES##* }" ] && [ "$ROUND" = 1 ] && [ "$SERVING" != other ]; then
            # last size: the server's own verification of the whole trail
            t0=$(date +%s%N)
            V=$(curl -sf -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/audit/verify" || echo failed)
            say "$(printf 'GET /api/v1/audit/verify: %s in %.2f s (server, load %s)' "$V" \
                "$(python3 -c "print(($(date +%s%N) - $t0) / 1e9)")" "$(cut -d' ' -f1-3 /proc/loadavg)")"
        fi
        stop_server
      done
    done
done
t0=$(date +%s%N)
java -cp "$CP" dev.cofre.audit.ScaleHarness verify "$JDBC_URL" "$JDBC_USER" "$JDBC_PASSWORD" "$MASTER_KEY" \
    >"$OUT/verify.log" 2>&1
say "$(grep VERIFY "$OUT/verify.log") (AuditTrail.verify() through a small harness on the stopped database; load $(cut -d' ' -f1-3 /proc/loadavg))"
if [ -n "$OTHER" ]; then
    say "p50 this/other (medians over $ROUNDS rounds; $JAR vs $OTHER):"
    python3 - "$ROWS" <<'PY' | tee -a "$SUMMARY"
import collections, statistics, sys
p50 = collections.defaultdict(list)
order = []
for line in open(sys.argv[1]):
    n, label, jar, v, _ = line.rstrip("\n").split("\t")
    if (n, label) not in order:
        order.append((n, label))
    p50[(n, label, jar)].append(float(v))
for n, label in order:
    a, b = statistics.median(p50[(n, label, "other")]), statistics.median(p50[(n, label, "this")])
    print(f"{n:>7} | {label:<31} | other {a:8.2f} ms | this {b:8.2f} ms | x{b / a:.2f}")
PY
fi
