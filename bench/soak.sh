#!/usr/bin/env bash
# The soak test of issue 6; see bench/README.md.
#
#   bench/soak.sh                      # 10 minutes of mixed load, the database restarted in the middle
#   SOAK_SECONDS=60 bench/soak.sh      # a short try
#
# Starts one instance of the service (rate limit off) on a database of its own, creates a reseller,
# an organization and one admin user per worker through the API, then runs bench/tools/soak/SoakDriver.java:
# SOAK_WORKERS workers of create/read/use/rotate/revoke for SOAK_SECONDS, while this script samples
# the service's RSS every 10 s and, at SOAK_SECONDS/2, stops PostgreSQL for SOAK_OUTAGE_SECONDS and
# starts it again. Then every acknowledged operation is checked against the service and the
# database; the summary says what was lost, phantom or in doubt, and fails when the outage never
# reached the service. Exits non-zero on any failure.
set -euo pipefail

SOAK_SECONDS=${SOAK_SECONDS:-600}         # length of the load
SOAK_WORKERS=${SOAK_WORKERS:-8}           # concurrent workers, one user each
SOAK_OUTAGE_SECONDS=${SOAK_OUTAGE_SECONDS:-5} # database down this long in the middle (0: pg_ctlcluster restart)
SOAK_PORT=${SOAK_PORT:-8180}              # HTTP port of the instance (on 127.0.0.1)
SOAK_RSS_INTERVAL=10                      # seconds between RSS samples
SOAK_WARMUP=${SOAK_WARMUP:-}             # RSS reference of "flat": a quarter of the run, at most 60 s
# A bounded heap (a 512 MiB container, as in the Kubernetes manifests, gives about as much): without
# one the JVM grows its heap towards a quarter of the machine's memory, which looks like a leak.
JAVA_OPTS=${JAVA_OPTS--Xmx256m}

LOG_TAG=soak
WORK=bench/.work/soak
BENCH_DB=${SOAK_DB:-pat_soak}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # also: cd to the repository root, cleanup trap

require_whole_numbers SOAK_SECONDS SOAK_WORKERS SOAK_OUTAGE_SECONDS SOAK_PORT
SOAK_WARMUP=${SOAK_WARMUP:-$(( SOAK_SECONDS / 4 < 60 ? SOAK_SECONDS / 4 : 60 ))}
require_whole_numbers SOAK_WARMUP
(( SOAK_SECONDS >= 10 && SOAK_WORKERS >= 1 )) || die "SOAK_SECONDS must be at least 10 and SOAK_WORKERS at least 1"
lib_check_settings
BASE_URL="http://127.0.0.1:$SOAK_PORT"

# If the script ends while it holds the database down, start it again (unless the cleanup stops it anyway).
PG_HELD_DOWN=0
restart_pg_if_held() {
    if [[ $PG_HELD_DOWN == 1 ]] && ! [[ $PG_STARTED_BY_US == 1 && $BENCH_KEEP_PG != 1 ]]; then
        log "starting PostgreSQL again (it was stopped by the soak)"
        pg_ctl_cluster start >/dev/null 2>&1
    fi
}
CLEANUP_HOOKS+=(restart_pg_if_held)

# ----------------------------------------------------------------------------------------------
# Tools, jar, database, keys, the instance
# ----------------------------------------------------------------------------------------------
lib_detect_pg
extra=()
command -v jq >/dev/null || extra+=(jq)
lib_install_tools "${extra[@]}"
lib_resolve_jar
port_in_use "$SOAK_PORT" && die "port $SOAK_PORT is already in use on 127.0.0.1; set SOAK_PORT"

rm -rf "$WORK"
mkdir -p "$WORK"
pg_ensure_running
pg_recreate_db
make_keys

ACCOUNT_ID=$(random_uuid)
RUN=soak-$(date +%H%M%S)
sign_jwts "$WORK/admin-jwt.txt" "$ACCOUNT_ID" $(( SOAK_SECONDS + 7200 )) "$(random_uuid)"
ADMIN_JWT=$(head -1 "$WORK/admin-jwt.txt")

log "starting the service on port $SOAK_PORT (${JAVA_OPTS:-no JAVA_OPTS}, rate limit off, active tokens per user unbounded)"
svc_start soak "$SOAK_PORT" "$WORK/service.log" PAT_TOKENS_MAX_ACTIVE_PER_USER=1000000
svc_wait_200 soak "$(management_url "$SOAK_PORT")/q/health/ready" 180
SERVICE_PID=$(svc_pid soak)
log "ready after ${ELAPSED_MS} ms"

log "creating a reseller, an organization and $SOAK_WORKERS admin users through the API"
api_create_directory "$BASE_URL" "$ADMIN_JWT" "$RUN" "$SOAK_WORKERS"
sign_jwts "$WORK/user-jwts.txt" "$ACCOUNT_ID" $(( SOAK_SECONDS + 7200 )) "${DIR_USERS[@]}"
paste -d ' ' <(printf '%s\n' "${DIR_USERS[@]}") "$WORK/user-jwts.txt" >"$WORK/users.txt"

# ----------------------------------------------------------------------------------------------
# The load, the restart in the middle, the RSS samples
# ----------------------------------------------------------------------------------------------
# A multi-file source program: needs the Java 25 of the service (JEP 458 launchers are 22+), not any java on the PATH.
DRIVER=("$JAVA_BIN" -XX:+UseSerialGC -Xmx256m bench/tools/soak/SoakDriver.java)

log "load: $SOAK_SECONDS s, $SOAK_WORKERS workers; the database goes down at $(( SOAK_SECONDS / 2 )) s for ${SOAK_OUTAGE_SECONDS} s"
start_background "${DRIVER[@]}" load "$BASE_URL" "$WORK/users.txt" "$SOAK_SECONDS" "$SOAK_WORKERS" "$WORK/state.tsv"
DRIVER_PID=$BG_PID
driver_started_or_gone() { [[ -s $WORK/state.tsv.started ]] || ! kill -0 "$DRIVER_PID" 2>/dev/null; }
wait_until 60 driver_started_or_gone || true
[[ -s $WORK/state.tsv.started ]] || die "the soak driver did not start"
LOAD_START_MS=$(cat "$WORK/state.tsv.started")
start_background sample_rss "$SERVICE_PID" "$LOAD_START_MS" "$WORK/rss.txt" "$SOAK_RSS_INTERVAL"
SAMPLER_PID=$BG_PID

# Waits until the given epoch ms, or until the driver is gone.
sleep_until() {
    while (( $(date +%s%3N) < $1 )) && kill -0 "$DRIVER_PID" 2>/dev/null; do
        run_child sleep 0.5
    done
}

sleep_until $(( LOAD_START_MS + SOAK_SECONDS * 500 ))
if kill -0 "$DRIVER_PID" 2>/dev/null; then
    STOP_MS=$(date +%s%3N)
    if (( SOAK_OUTAGE_SECONDS > 0 )); then
        log "stopping PostgreSQL $PG_VERSION/$PG_CLUSTER for ${SOAK_OUTAGE_SECONDS} s"
        PG_HELD_DOWN=1
        pg_ctl_cluster stop
        DOWN_MS=$(date +%s%3N)
        run_child sleep "$SOAK_OUTAGE_SECONDS"
        START_MS=$(date +%s%3N)
        pg_ctl_cluster start
        PG_HELD_DOWN=0
    else
        log "restarting PostgreSQL $PG_VERSION/$PG_CLUSTER"
        pg_ctl_cluster restart
        DOWN_MS=$STOP_MS START_MS=$STOP_MS
    fi
    BACK_MS=$(date +%s%3N)
    echo "$STOP_MS $DOWN_MS $START_MS $BACK_MS" >"$WORK/outage.txt"
    log "PostgreSQL is running again ($(( BACK_MS - STOP_MS )) ms after the stop)"
fi

rc=0
wait "$DRIVER_PID" || rc=$?
(( rc == 0 )) || die "the soak driver failed (exit $rc)"
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
rss_sample "$SERVICE_PID" "$LOAD_START_MS" "$WORK/rss.txt"
kill -0 "$SERVICE_PID" 2>/dev/null || die "the service exited during the load (log: $WORK/service.log)"

# ----------------------------------------------------------------------------------------------
# Checks: the database's rows, then the driver checks every acknowledged operation
# ----------------------------------------------------------------------------------------------
svc_wait_200 soak "$(management_url "$SOAK_PORT")/q/health/ready" 120
pg_bench -A -t -F $'\t' -v account="$ACCOUNT_ID" >"$WORK/rows.tsv" <<'SQL'
select id, name, revoked from personal_access_token where account_id = :'account'::uuid order by id;
SQL
OTHER_ROWS=$(pg_bench_value -v account="$ACCOUNT_ID" <<<"select count(*) from personal_access_token where account_id <> :'account'::uuid")
USER_ROWS=$(pg_bench_value -v account="$ACCOUNT_ID" <<<"select count(*) from app_user where account_id = :'account'::uuid")

rc=0
"${DRIVER[@]}" verify "$BASE_URL" "$WORK/users.txt" "$WORK/state.tsv" "$WORK/rows.tsv" "$WORK/rss.txt" \
    "$SOAK_WARMUP" "$WORK/outage.txt" "$SOAK_OUTAGE_SECONDS" "$WORK/service.log" | tee "$WORK/summary.txt" || rc=$?

{
    echo "Other database figures: user rows $USER_ROWS (expected $SOAK_WORKERS), token rows outside the soak account $OTHER_ROWS (expected 0)"
    errors=$(jq -R -r 'fromjson? | select(.level == "ERROR") | .message' "$WORK/service.log" | wc -l)
    unavailable=$(grep -c 'Database unavailable' "$WORK/service.log" || true)
    echo "Service log: $errors ERROR lines, $unavailable 'Database unavailable' warnings ($WORK/service.log)"
    jq -R -r 'fromjson? | select(.level == "ERROR") | "    " + (.message | split("\n")[0])
        + (if .exception then " (" + (.exception.exceptionType // "") + ": " + (.exception.message // "" | tostring | split("\n") | map(select(. != "")) | join(" / ")) + ")" else "" end)' \
        "$WORK/service.log" | sort | uniq -c | sort -rn | head -8
} | tee -a "$WORK/summary.txt"
[[ $USER_ROWS == "$SOAK_WORKERS" && $OTHER_ROWS == 0 ]] || { log "FAIL: unexpected rows in the database"; rc=1; }

log "summary in $WORK/summary.txt; state, rows and logs in $WORK/"
exit "$rc"
