#!/usr/bin/env bash
# Where the CPU of a token request goes, next to the health probe's (issue 5, section 2). Starts Cofre on H2 (or
# PostgreSQL with PG_URL=jdbc:postgresql://...), creates a TOTP credential, warms the JIT up, then profiles 15 s of
# token requests and 15 s of health requests at 32 connections with async-profiler (CPU samples, per thread; fetched
# from Maven Central as tools.profiler:async-profiler) and prints CPU microseconds per request by stage.
#
#   bench/profile.sh                    # target/cofre.jar on H2
#   COFRE_JAR=/tmp/other.jar WARM=90s bench/profile.sh
#   bench/cpu_breakdown.py target/profile/token.collapsed RPS_TIMES_SECONDS   # again, from the saved stacks
#
# Output: target/profile/{token,health}.collapsed (async-profiler's collapsed stacks), server.log, wrk outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR="${COFRE_JAR:-target/cofre.jar}"
WARM="${WARM:-60s}"
AP_VERSION="${AP_VERSION:-4.0}"
OUT="$ROOT/target/profile"
mkdir -p "$OUT"
AP_DIR="$ROOT/target/async-profiler"
if [ ! -f "$AP_DIR/linux-x64/libasyncProfiler.so" ]; then
    mvn -q dependency:copy -Dartifact="tools.profiler:async-profiler:$AP_VERSION" -DoutputDirectory="$AP_DIR"
    (cd "$AP_DIR" && unzip -q -o "async-profiler-$AP_VERSION.jar" 'linux-x64/*')
fi
AP="$AP_DIR/linux-x64/libasyncProfiler.so"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATA=$(mktemp -d /tmp/cofre-profile.XXXXXX)
env=(COFRE_DATA_DIR="$DATA" COFRE_ADMIN_PASSWORD=profile-admin-password)
[ -n "${PG_URL:-}" ] && env+=(SPRING_DATASOURCE_URL="$PG_URL" SPRING_DATASOURCE_USERNAME="${PG_USER:-postgres}" SPRING_DATASOURCE_PASSWORD="${PG_PASSWORD:-}")
env "${env[@]}" java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --cofre.ssh.port=0 >"$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null; do
    kill -0 $PID 2>/dev/null || { echo "server died; see $OUT/server.log"; exit 1; }
    sleep 0.2
done
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
TOKEN=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"profile-admin-password"}' \
    "http://127.0.0.1:$PORT/api/v1/auth/login" | json "['token']")
CRED=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
    -d '{"name":"profile-totp","username":"bench","totp":{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}}' \
    "http://127.0.0.1:$PORT/api/v1/credentials" | json "['id']")
TOTP="http://127.0.0.1:$PORT/api/v1/credentials/$CRED/totp"
HEALTH="http://127.0.0.1:$PORT/actuator/health"
export COFRE_TOKEN="$TOKEN"
LUA="$ROOT/bench/wrk-report.lua"
wrk -t2 -c32 -d"$WARM" -s "$LUA" "$TOTP" >"$OUT/warm-token.txt"
wrk -t2 -c32 -d20s -s "$LUA" "$HEALTH" >"$OUT/warm-health.txt"
profile() { # $1 = name, $2 = url
    # jcmd passes the agent's options through only when quoted inside the argument.
    jcmd $PID JVMTI.agent_load "$AP" "\"start,event=cpu,interval=2ms,threads\"" >/dev/null
    wrk -t2 -c32 -d15s -s "$LUA" "$2" >"$OUT/$1.txt"
    jcmd $PID JVMTI.agent_load "$AP" "\"stop,file=$OUT/$1.collapsed,collapsed\"" >/dev/null
    local rps
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/$1.txt")
    echo "$1: $rps rps while profiled"
    python3 "$ROOT/bench/cpu_breakdown.py" "$OUT/$1.collapsed" $((rps * 15))
}
profile token "$TOTP"
profile health "$HEALTH"
