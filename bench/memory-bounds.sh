#!/usr/bin/env bash
# The heap each in-memory bound of the service holds when full (the rate limiter's three limits at
# PAT_RATE_LIMIT_MAX_TRACKED keys, the secret memory, the verified-JWT memory), measured with the
# service's own classes from the packaged jar and their default sizes, so the recommended heap is
# sized against the worst case a flood of distinct keys can cause, not against what a benchmark
# touched. No database, no running service; about 20 seconds.
set -euo pipefail
LOG_TAG=memory-bounds
WORK=${WORK:-bench/.work/memory-bounds}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

lib_find_java
lib_resolve_jar
mkdir -p "$WORK"
make_keys
subjects=()
for i in $(seq 1 2000); do subjects+=("memory-bounds-$i"); done
sign_jwts "$WORK/jwts.txt" "$(random_uuid)" 3600 "${subjects[@]}"
APP=$(dirname "$JAR")
log "filling every bound of $JAR (heap layout of the recommended flags: compact object headers)"
# A heap far above the bounds, so the measurement itself never evicts or collects what it holds.
"$JAVA_BIN" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xmx1g \
    -cp "$APP/app/*:$APP/lib/main/*:$APP/lib/boot/*" bench/tools/MemoryBounds.java \
    "$WORK/keys/public.pem" "$ISSUER" "$WORK/jwts.txt" 2> >(grep -v '^SLF4J' >&2)
