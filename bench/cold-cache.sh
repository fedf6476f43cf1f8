#!/usr/bin/env bash
# What an emptied secret memory costs after the change feed reconnects; see bench/README.md.
#
#   bench/cold-cache.sh                                    # 500 secrets, 3 reconnections
#   COLD_SECRETS=50 COLD_ROUNDS=1 bench/cold-cache.sh      # a short try
#
# The service empties its secret memory whenever its change feed listens again, since notices may
# have been missed meanwhile (a cold cache rather than a replay). This measures the price: one
# instance, COLD_SECRETS tokens made through the API; every secret checked once (its first check),
# then once more (warm); then COLD_ROUNDS times: the feed's connection ended from the database side
# (pg_terminate_backend of the listener's backend; the instance reconnects after a second and empties
# its memory), every secret checked once (cold after the reconnection), and once more (warm again).
# A check is GET /v3/scopes with the secret as bearer (authentication and nothing else), all of a
# pass in one curl process over one kept-alive connection. Per pass: the instance's hit and miss
# counters (a miss is one lookup statement), the scans of the token table PostgreSQL counted
# (pg_stat_user_tables, read after its statistics were flushed), each check's time (curl's
# time_total) and the pass's wall time.
set -euo pipefail

COLD_SECRETS=${COLD_SECRETS:-500}   # secrets checked in each pass
COLD_ROUNDS=${COLD_ROUNDS:-3}       # reconnections measured
COLD_PORT=${COLD_PORT:-8183}        # HTTP port of the instance (127.0.0.1); its management port is + 1000
STATS_FLUSH_WAIT=11                 # seconds for every backend's statistics to reach pg_stat_user_tables (PostgreSQL 15 flushes an idle backend's within 10 s)

LOG_TAG=cold-cache
WORK=bench/.work/cold-cache
BENCH_DB=${COLD_DB:-pat_cold_cache}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # also: cd to the repository root, cleanup trap

require_whole_numbers COLD_SECRETS COLD_ROUNDS COLD_PORT
(( COLD_SECRETS >= 10 && COLD_ROUNDS >= 1 )) || die "COLD_SECRETS must be at least 10 and COLD_ROUNDS at least 1"
lib_check_settings
BASE="http://127.0.0.1:$COLD_PORT"
METRICS="$(management_url "$COLD_PORT")/q/metrics"
API=/v3/personal-access-tokens

lib_detect_pg
extra=()
command -v jq >/dev/null || extra+=(jq)
lib_install_tools "${extra[@]}"
lib_resolve_jar
for port in "$COLD_PORT" "$(management_port "$COLD_PORT")"; do
    port_in_use "$port" && die "port $port is already in use on 127.0.0.1; set COLD_PORT"
done

rm -rf "$WORK"
mkdir -p "$WORK"
pg_ensure_running
pg_recreate_db
make_keys

# One instance; a user may hold every token of the run. Nothing else may read the token table
# meanwhile, so that its scan count is the checks' alone: no notification worker (it polls every
# second), last uses written at most once a day per token (else once a minute, which would fall
# into some passes and not others). Neither touches what a check costs.
SVC_LABEL[s]="the instance (port $COLD_PORT)"
svc_start s "$COLD_PORT" "$WORK/service.log" \
    PAT_TOKENS_MAX_ACTIVE_PER_USER=$(( COLD_SECRETS + 10 )) \
    PAT_NOTIFICATIONS_WORKER_ENABLED=false \
    PAT_TOKENS_LAST_USED_INTERVAL=PT24H
svc_wait_200 s "$(management_url "$COLD_PORT")/q/health/ready" 180
log "$(svc_label s) ready after ${ELAPSED_MS} ms"

ACCOUNT_ID=$(random_uuid)
sign_jwts "$WORK/admin-jwt.txt" "$ACCOUNT_ID" 3600 "$(random_uuid)"
api_create_directory "$BASE" "$(head -1 "$WORK/admin-jwt.txt")" "cold-$(date +%H%M%S)" 1
sign_jwts "$WORK/user-jwt.txt" "$ACCOUNT_ID" 3600 "${DIR_USERS[0]}"
JWT=$(head -1 "$WORK/user-jwt.txt")
log "creating $COLD_SECRETS tokens"
: >"$WORK/secrets.txt"
for (( i = 1; i <= COLD_SECRETS; i++ )); do
    api_expect 201 POST "$BASE$API" "$JWT" "{\"name\":\"cold $i\",\"scopes\":[\"personalAccessToken:read\"]}"
    jq -r .token <<<"$API_BODY" >>"$WORK/secrets.txt"
done

# One curl configuration for a whole pass: every secret once, in order, over one connection.
while read -r secret; do
    printf 'url = "%s"\nheader = "Authorization: Bearer %s"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\nnext\n' \
        "$BASE/v3/scopes" "$secret"
done <"$WORK/secrets.txt" | sed '$d' >"$WORK/pass.curl"   # no "next" after the last

# Scans of the token table, as PostgreSQL counts them (each lookup of a secret is one statement on it).
scans() { pg_bench_value -c "select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_user_tables where relname = 'personal_access_token'"; }
RESULTS=$WORK/passes.txt
: >"$RESULTS"
# One pass: appends "label checks hits misses bypassed scans wall_ms p50 p90 p99 max mean" to RESULTS.
pass() { # $1 label
    local label=$1 hits0 misses0 bypassed0 hits1 misses1 bypassed1 x0 x1 t0 t1 out=$WORK/pass-$1.txt
    sleep "$STATS_FLUSH_WAIT"
    x0=$(scans)
    read_cache "$METRICS" "the instance"
    hits0=$CACHE_HITS misses0=$CACHE_MISSES bypassed0=$(bypassed)
    now_us t0
    curl -s --config "$WORK/pass.curl" >"$out"
    now_us t1
    read_cache "$METRICS" "the instance"
    hits1=$CACHE_HITS misses1=$CACHE_MISSES bypassed1=$(bypassed)
    sleep "$STATS_FLUSH_WAIT"
    x1=$(scans)
    local bad
    bad=$(awk '$1 != 200' "$out" | wc -l)
    (( bad == 0 )) || die "pass $label: $bad checks were not answered 200"
    (( $(wc -l <"$out") == COLD_SECRETS )) || die "pass $label: $(wc -l <"$out") answers for $COLD_SECRETS checks"
    # time_total in seconds -> microseconds
    awk '{ printf "%d\n", $2 * 1000000 }' "$out" >"$out.us"
    echo "$label $COLD_SECRETS $(( hits1 - hits0 )) $(( misses1 - misses0 )) $(( bypassed1 - bypassed0 )) $(( x1 - x0 ))" \
        "$(( (t1 - t0) / 1000 )) $(median <"$out.us") $(percentile 90 <"$out.us") $(percentile 99 <"$out.us")" \
        "$(percentile 100 <"$out.us") $(awk '{ s += $1 } END { printf "%d", s / NR }' "$out.us")" >>"$RESULTS"
    log "pass $label: $(tail -1 "$RESULTS")"
    curl -s --max-time 5 "$METRICS" | grep '^pat_secret_cache' >"$WORK/metrics-after-$label.txt" || true
}
bypassed() { curl -s -f --max-time 5 "$METRICS" | awk '/^pat_secret_cache_requests_total\{/ && /result="bypassed"/ { s += $NF } END { printf "%d", s }'; }

# The feed's connection ended by the database; returns once the instance listens again with an empty memory.
RECONNECT_MS=$WORK/reconnect-ms.txt
: >"$RECONNECT_MS"
reconnect() {
    local ended t0 t1
    now_us t0
    ended=$(pg_admin_value -c "select count(pg_terminate_backend(pid)) from pg_stat_activity
        where datname = '$BENCH_DB' and application_name = 'pat-service-listener'")
    [[ $ended == 1 ]] || die "expected one listener backend to end, ended $ended"
    listening_empty() { read_cache "$METRICS" "the instance"; [[ $CACHE_LISTENING == 1 && ${CACHE_ENTRIES:-1} == 0 ]]; }
    wait_until 30 listening_empty || die "the instance did not listen again with an empty memory within 30 s"
    now_us t1
    echo $(( (t1 - t0) / 1000 )) >>"$RECONNECT_MS"
}

read_cache "$METRICS" "the instance"
[[ $CACHE_LISTENING == 1 ]] || die "the instance does not listen for token changes"
pass first
pass warm
for (( r = 1; r <= COLD_ROUNDS; r++ )); do
    reconnect
    pass "cold-$r"
    pass "warm-$r"
done

# The summary: warm passes against cold ones (after a reconnection).
agg() { # $1 label pattern (awk regex), $2 column -> the median over the matching passes
    awk -v p="$1" -v c="$2" '$1 ~ p { print $c }' "$RESULTS" | median
}
us_ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
{
    echo "Secret memory emptied by a reconnection of the change feed: $COLD_SECRETS secrets, $COLD_ROUNDS reconnections," \
        "one instance of ${JAR#"$ROOT"/} (checks: GET /v3/scopes with the secret, one curl over one connection)"
    printf '  %-8s %7s %6s %7s %9s %6s %8s %9s %9s %9s %9s %9s\n' pass checks hits misses bypassed scans wall_ms p50_ms p90_ms p99_ms max_ms mean_ms
    while read -r label checks hits misses bypassed x wall p50 p90 p99 max mean; do
        printf '  %-8s %7d %6d %7d %9d %6d %8d %9s %9s %9s %9s %9s\n' "$label" "$checks" "$hits" "$misses" "$bypassed" "$x" "$wall" \
            "$(us_ms "$p50")" "$(us_ms "$p90")" "$(us_ms "$p99")" "$(us_ms "$max")" "$(us_ms "$mean")"
    done <"$RESULTS"
    echo "  (scans: of the token table, pg_stat_user_tables' seq_scan + idx_scan over the pass, read ${STATS_FLUSH_WAIT} s after it;"
    echo "   misses: the instance's pat_secret_cache_requests_total{result=\"miss\"}, one lookup statement each)"
    echo "  reconnection (listener's backend ended -> listening again, memory empty): median $(median <"$RECONNECT_MS") ms," \
        "worst $(percentile 100 <"$RECONNECT_MS") ms"
    warm_mean=$(agg '^warm' 12); cold_mean=$(agg '^cold' 12)
    warm_wall=$(agg '^warm' 7); cold_wall=$(agg '^cold' 7)
    echo "  after a reconnection: $(agg '^cold' 4) lookups for $COLD_SECRETS secrets seen again (warm: $(agg '^warm' 4));" \
        "a check $(us_ms "$(agg '^cold' 8)") ms median, $(us_ms "$cold_mean") ms mean, against $(us_ms "$(agg '^warm' 8)") ms" \
        "and $(us_ms "$warm_mean") ms warm (medians over the passes);"
    echo "  the cost: +$(us_ms $(( cold_mean - warm_mean ))) ms per secret seen again, $(( cold_wall - warm_wall )) ms for the $COLD_SECRETS" \
        "($cold_wall ms against $warm_wall ms for the pass), paid once per secret and reconnection"
} | tee "$WORK/summary.txt"
log "per pass in $RESULTS, each check's answer and time in $WORK/pass-<label>.txt"
