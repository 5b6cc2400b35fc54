#!/usr/bin/env bash
# Which beans a start spends its wall time on (issue 5, section 3): starts target/cofre.jar once on a fresh H2 data
# dir through bench/startup-steps/StartupSteps.java (Spring's BufferingApplicationStartup, from the build-time bean
# definitions as `java -jar` runs), stops it, and prints the steps with the most time of their own.
#   bench/startup-steps.sh                       # the top 40
#   COFRE_JAR=/tmp/other.jar TOP=80 SKIP_BUILD=1 bench/startup-steps.sh
# Output: target/startup-steps/steps.txt (every step), log.txt (the server's log).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR="${COFRE_JAR:-target/cofre.jar}"
case "$JAR" in /*) ;; *) JAR="$ROOT/$JAR" ;; esac
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -q -DskipTests package
OUT="$ROOT/target/startup-steps"
rm -rf "$OUT" && mkdir -p "$OUT/classes"
javac -d "$OUT/classes" -cp "$JAR" bench/startup-steps/StartupSteps.java
DATA=$(mktemp -d /tmp/cofre-steps.XXXXXX)
trap 'rm -rf "$DATA"' EXIT
COFRE_DATA_DIR="$DATA" COFRE_ADMIN_PASSWORD=bench-start-pw java -Dsteps.out="$OUT/steps.txt" \
    -cp "$JAR:$OUT/classes" StartupSteps --server.port=0 --cofre.ssh.port=0 >"$OUT/log.txt" 2>&1
grep -o 'Started CofreApplication in [0-9.]* seconds' "$OUT/log.txt" || true
head -n "$(( ${TOP:-40} + 1 ))" "$OUT/steps.txt"
