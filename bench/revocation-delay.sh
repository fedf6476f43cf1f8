#!/usr/bin/env bash
# How long a secret revoked on one instance stays accepted by another; see bench/README.md.
#
#   bench/revocation-delay.sh                   # 200 revocations
#   REVOCATIONS=20 bench/revocation-delay.sh    # a short try
#
# Two instances of the jar, A and B, on one database of their own. REVOCATIONS times: a new token on
# A; its secret used on B until B's metrics prove B answered it from memory; the token revoked on A;
# then the time from A's 200 to B's first 401, polled. Prints the median, p90, worst and count, and
# fails without a figure when B's metrics cannot be read or B never answers from memory: a delay on
# B's database path says nothing about its memory. What two instances must do (the migration lock,
# reads and refusals across them) is proven by the black-box test TwoInstancesIT, not here.
set -euo pipefail

REVOCATIONS=${REVOCATIONS:-200}
DELAY_PORT_A=${DELAY_PORT_A:-8181}      # HTTP ports (127.0.0.1); each instance's management port is its + 1000
DELAY_PORT_B=${DELAY_PORT_B:-8182}
WARM_USES=20                            # uses of a secret on B before giving up on seeing it answered from memory
REFUSAL_TIMEOUT_MS=10000                # a secret B still accepts this long after its revocation stops the script

LOG_TAG=revocation-delay
WORK=bench/.work/revocation-delay
BENCH_DB=${DELAY_DB:-pat_revocation_delay}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # also: cd to the repository root, cleanup trap

require_whole_numbers REVOCATIONS DELAY_PORT_A DELAY_PORT_B
(( REVOCATIONS >= 1 )) || die "REVOCATIONS must be at least 1"
lib_check_settings
A="http://127.0.0.1:$DELAY_PORT_A"
B="http://127.0.0.1:$DELAY_PORT_B"
B_METRICS="$(management_url "$DELAY_PORT_B")/q/metrics"
API=/v3/personal-access-tokens

lib_detect_pg
extra=()
command -v jq >/dev/null || extra+=(jq)
lib_install_tools "${extra[@]}"
lib_resolve_jar
for port in "$DELAY_PORT_A" "$DELAY_PORT_B" "$(management_port "$DELAY_PORT_A")" "$(management_port "$DELAY_PORT_B")"; do
    port_in_use "$port" && die "port $port is already in use on 127.0.0.1; set DELAY_PORT_A / DELAY_PORT_B"
done

rm -rf "$WORK"
mkdir -p "$WORK"
pg_ensure_running
pg_recreate_db
make_keys

# A first (it migrates the empty database), then B; svc_start gives each its own management port.
SVC_LABEL[a]="instance A (port $DELAY_PORT_A)"
SVC_LABEL[b]="instance B (port $DELAY_PORT_B)"
for name in a b; do
    port=$([[ $name == a ]] && echo "$DELAY_PORT_A" || echo "$DELAY_PORT_B")
    svc_start "$name" "$port" "$WORK/service-$name.log"
    svc_wait_200 "$name" "$(management_url "$port")/q/health/ready" 180
    log "$(svc_label "$name") ready after ${ELAPSED_MS} ms"
done

ACCOUNT_ID=$(random_uuid)
sign_jwts "$WORK/admin-jwt.txt" "$ACCOUNT_ID" 3600 "$(random_uuid)"
api_create_directory "$A" "$(head -1 "$WORK/admin-jwt.txt")" "delay-$(date +%H%M%S)" 1
sign_jwts "$WORK/user-jwt.txt" "$ACCOUNT_ID" $(( 3600 + REVOCATIONS * 10 )) "${DIR_USERS[0]}"
JWT=$(head -1 "$WORK/user-jwt.txt")

# B's secret memory from its Prometheus text: sets CACHE_HITS (checks answered from memory, all
# series summed) and CACHE_LISTENING (1 while B hears token changes, so its memory is trusted).
# Dies when either cannot be read: no figure is published without them.
read_b_cache() {
    local text
    text=$(curl -s -f --max-time 5 "$B_METRICS") || die "cannot read B's metrics ($B_METRICS): no delay can be shown to start from a warm cache"
    CACHE_HITS=$(awk '/^pat_secret_cache_requests_total\{/ && /result="hit"/ { s += $NF; found = 1 }
        END { if (found) printf "%d", s; exit !found }' <<<"$text") \
        || die "B's metrics ($B_METRICS) have no pat_secret_cache_requests_total{result=\"hit\"}: cannot prove a warm cache"
    CACHE_LISTENING=$(awk '/^pat_secret_cache_listener_up[ {]/ { v = $NF; found = 1 } END { if (found) printf "%d", v; exit !found }' <<<"$text") \
        || die "B's metrics ($B_METRICS) have no pat_secret_cache_listener_up: cannot prove a warm cache"
}

# One sample: a new token on A; its secret used on B until B has answered it from memory (B's hit
# counter moved while only this secret was used on it, and B's listener is up); then CONDITION, a
# function that sets up the circumstance measured (none: two healthy instances; later a silent
# network fault or a database failover); the token revoked on A; the ms from A's 200 to B's first
# 401, polled back to back with curl (a few ms a poll), appended to DELAYS.
DELAYS=$WORK/delays.txt
USES=$WORK/warm-uses.txt
revocation_sample() { # $1 sample number, $2 condition function (optional)
    local i=$1 condition=${2:-} id secret hits_before uses revoked_at
    api POST "$A$API" "$JWT" "{\"name\":\"delay $i\",\"scopes\":[\"personalAccessToken:read\",\"personalAccessToken:write\"]}"
    [[ $API_CODE == 201 ]] || die "sample $i: create on A answered $API_CODE: ${API_BODY:0:300}"
    id=$(jq -r .id <<<"$API_BODY")
    secret=$(jq -r .token <<<"$API_BODY")
    read_b_cache
    hits_before=$CACHE_HITS
    for (( uses = 1; ; uses++ )); do
        api GET "$B$API/self" "$secret"
        [[ $API_CODE == 200 ]] || die "sample $i: B answered $API_CODE to a fresh secret"
        read_b_cache
        (( CACHE_HITS > hits_before )) && [[ $CACHE_LISTENING == 1 ]] && break
        (( uses < WARM_USES )) || die "sample $i: B never answered the secret from memory in $WARM_USES uses" \
            "(hits $hits_before -> $CACHE_HITS, listener up: $CACHE_LISTENING); no delay is published without a warm cache"
    done
    echo "$uses" >>"$USES"
    [[ -z $condition ]] || "$condition"
    api PATCH "$A$API/$id" "$JWT" '{"revoked":true}'
    [[ $API_CODE == 200 ]] || die "sample $i: the revocation on A answered $API_CODE"
    now_us revoked_at
    ms_until_status "$revoked_at" 401 "$REFUSAL_TIMEOUT_MS" -H "Authorization: Bearer $secret" "$B$API/self" \
        || die "sample $i: B still accepted the secret ${WAITED_MS} ms after its revocation on A"
    echo "$WAITED_MS" >>"$DELAYS"
}

log "$REVOCATIONS revocations on A, each timed to the first refusal on B from a warm cache on B"
: >"$DELAYS"
: >"$USES"
for (( i = 1; i <= REVOCATIONS; i++ )); do
    revocation_sample "$i"
done

{
    echo "Revocation on A to the first refusal on B, two instances of ${JAR#"$ROOT"/} on one database:"
    echo "  median $(median <"$DELAYS") ms, p90 $(percentile 90 <"$DELAYS") ms, worst $(percentile 100 <"$DELAYS") ms," \
        "count $(wc -l <"$DELAYS") ($(awk '$1 > 1000' "$DELAYS" | wc -l) over 1 s)"
    echo "  Each sample was proven to start from a warm cache on B: before the revocation, B's" \
        "pat_secret_cache_requests_total{result=\"hit\"} moved while only that secret was used on B, with" \
        "pat_secret_cache_listener_up 1 (uses of the secret on B needed: median $(median <"$USES"), worst $(percentile 100 <"$USES"))."
    for name in a b; do
        echo "  $(svc_label "$name"): $(jq -R -r 'fromjson? | select(.level == "ERROR") | .message' "${SVC_LOGS[$name]}" | wc -l) ERROR log lines"
    done
} | tee "$WORK/summary.txt"
log "delays in $DELAYS; logs in $WORK/"
