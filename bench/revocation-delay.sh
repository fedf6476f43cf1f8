#!/usr/bin/env bash
# How long a secret revoked on one instance stays accepted by another; see bench/README.md.
#
#   bench/revocation-delay.sh                                  # 200 revocations, two healthy instances
#   REVOCATIONS=20 bench/revocation-delay.sh                   # a short try
#   CONDITIONS="health silent-fault silent-fault-all" bench/revocation-delay.sh
#
# Two instances of the jar, A and B, on one database of their own. For each condition, its number of
# samples: a new token on A; its secret used on B until B's metrics prove B answered it from memory;
# the condition set up (health: nothing; silent-fault: every connection B holds to the database goes
# silent; silent-fault-all: every connection of both instances goes silent); the token revoked on A;
# then the time from A's 200 to B's first 401, polled. Prints the median, p90, worst and count per
# condition, and fails without a figure when B's metrics cannot be read or B never answers from
# memory: a delay on B's database path says nothing about its memory. What two instances must do
# (the migration lock, reads and refusals across them) is proven by the black-box test
# TwoInstancesIT, not here. The fault conditions put bench/tools/FaultProxy.java between the
# instances and PostgreSQL (a front port for each instance, so that B's path can fail alone).
set -euo pipefail

CONDITIONS=${CONDITIONS:-health}        # any of: health silent-fault silent-fault-all
REVOCATIONS=${REVOCATIONS:-200}         # samples of the health condition
FAULT_REVOCATIONS=${FAULT_REVOCATIONS:-20} # samples of each fault condition (each waits for the instances to recover, 10-20 s)
DELAY_PORT_A=${DELAY_PORT_A:-8181}      # HTTP ports (127.0.0.1); each instance's management port is its + 1000
DELAY_PORT_B=${DELAY_PORT_B:-8182}
DELAY_PROXY_PORT=${DELAY_PROXY_PORT:-55441} # the fault proxy: control port; A's front port is it + 1, B's + 2
FAULT_REFUSAL_TIMEOUT_MS=30000          # under a fault, B must answer 401 within this (the dead-connection bound, 10 s, and a 5 s poll on it)
RECOVERY_TIMEOUT=60                     # after a fault, seconds for both instances to let go of every silenced connection

LOG_TAG=revocation-delay
WORK=bench/.work/revocation-delay
BENCH_DB=${DELAY_DB:-pat_revocation_delay}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # also: cd to the repository root, cleanup trap

require_whole_numbers REVOCATIONS FAULT_REVOCATIONS DELAY_PORT_A DELAY_PORT_B DELAY_PROXY_PORT
(( REVOCATIONS >= 1 && FAULT_REVOCATIONS >= 1 )) || die "REVOCATIONS and FAULT_REVOCATIONS must be at least 1"
USE_PROXY=0
for condition in $CONDITIONS; do
    case $condition in
        health) ;;
        silent-fault|silent-fault-all) USE_PROXY=1 ;;
        *) die "unknown condition '$condition' in CONDITIONS (health, silent-fault, silent-fault-all)" ;;
    esac
done
[[ -n ${CONDITIONS// /} ]] || die "CONDITIONS is empty"
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

# With a fault condition, each instance's reactive client (its request pool and its change feed)
# reaches PostgreSQL through a front port of its own on the fault proxy (same database), so that B's
# connections can be silenced alone; else directly, as before. The migrations' JDBC connections go
# directly (idle after the start, they would never let a silenced connection go).
declare -A DB_PORT=([a]=$PGPORT [b]=$PGPORT)
if [[ $USE_PROXY == 1 ]]; then
    PROXY_FRONT_A=$(( DELAY_PROXY_PORT + 1 ))
    PROXY_FRONT_B=$(( DELAY_PROXY_PORT + 2 ))
    proxy_start "$DELAY_PROXY_PORT" "$PGPORT" "$WORK/proxy.log" "$PROXY_FRONT_A" "$PROXY_FRONT_B"
    DB_PORT=([a]=$PROXY_FRONT_A [b]=$PROXY_FRONT_B)
    log "both instances reach PostgreSQL through the fault proxy (A: port $PROXY_FRONT_A, B: port $PROXY_FRONT_B)"
fi

# A first (it migrates the empty database), then B; svc_start gives each its own management port.
SVC_LABEL[a]="instance A (port $DELAY_PORT_A)"
SVC_LABEL[b]="instance B (port $DELAY_PORT_B)"
for name in a b; do
    port=$([[ $name == a ]] && echo "$DELAY_PORT_A" || echo "$DELAY_PORT_B")
    svc_start "$name" "$port" "$WORK/service-$name.log" \
        QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:${DB_PORT[$name]}/$BENCH_DB"
    svc_wait_200 "$name" "$(management_url "$port")/q/health/ready" 180
    log "$(svc_label "$name") ready after ${ELAPSED_MS} ms"
done

ACCOUNT_ID=$(random_uuid)
sign_jwts "$WORK/admin-jwt.txt" "$ACCOUNT_ID" 3600 "$(random_uuid)"
api_create_directory "$A" "$(head -1 "$WORK/admin-jwt.txt")" "delay-$(date +%H%M%S)" 1
sign_jwts "$WORK/user-jwt.txt" "$ACCOUNT_ID" $(( 3600 + REVOCATIONS * 10 + FAULT_REVOCATIONS * 120 )) "${DIR_USERS[0]}"
JWT=$(head -1 "$WORK/user-jwt.txt")

# The conditions (revocation_sample's CONDITION): each silences connections through the proxy right
# before the revocation and notes the moment in FAULT_US.
SILENCED=$WORK/silenced.txt
fault_silent_b() {
    proxy_cmd silence "$PROXY_FRONT_B" || die "the fault proxy did not answer"
    now_us FAULT_US
    echo "${PROXY_REPLY#silenced }" >>"$SILENCED"
}
fault_silent_all() {
    proxy_cmd silence || die "the fault proxy did not answer"
    now_us FAULT_US
    echo "${PROXY_REPLY#silenced }" >>"$SILENCED"
}
# After a fault: both instances have let go of every silenced connection (the dead pooled ones at
# their dead-connection timeout, the feed at its heartbeat) and B listens again.
recover() {
    wait_until "$RECOVERY_TIMEOUT" proxy_silenced_all_gone \
        || die "the instances still held silenced connections $RECOVERY_TIMEOUT s after the fault ($PROXY_REPLY)"
    wait_until "$RECOVERY_TIMEOUT" b_listening || die "B did not listen again within $RECOVERY_TIMEOUT s after the fault"
}

declare -A DESCRIPTION=(
    [health]="Two healthy instances"
    [silent-fault]="A silent network fault on B's path (every connection B holds to PostgreSQL, its change feed among them, silenced right before the revocation; A's path healthy)"
    [silent-fault-all]="A silent network fault on both instances' paths (every established connection silenced right before the revocation; A's revocation sent again after its 503)"
)
USES=$WORK/warm-uses.txt
SUMMARY=$WORK/summary.txt
echo "Revocation on A to the first refusal on B, two instances of ${JAR#"$ROOT"/} on one database$([[ $USE_PROXY == 1 ]] && echo ", each through the fault proxy"):" >"$SUMMARY"
for condition in $CONDITIONS; do
    DELAYS=$WORK/delays-$condition.txt
    : >"$DELAYS"
    : >"$USES"
    : >"$SILENCED"
    case $condition in
        health)
            count=$REVOCATIONS
            fault=
            REFUSAL_TIMEOUT_MS=10000 ;;
        silent-fault)
            count=$FAULT_REVOCATIONS
            fault=fault_silent_b
            REFUSAL_TIMEOUT_MS=$FAULT_REFUSAL_TIMEOUT_MS ;;
        silent-fault-all)
            count=$FAULT_REVOCATIONS
            fault=fault_silent_all
            REFUSAL_TIMEOUT_MS=$FAULT_REFUSAL_TIMEOUT_MS ;;
    esac
    log "$condition: $count revocations on A, each timed to the first refusal on B from a warm cache on B"
    for (( i = 1; i <= count; i++ )); do
        revocation_sample "$condition-$i" "$fault"
        if [[ -n $fault ]]; then
            recover
            log "$condition: sample $i of $count: $(tail -1 "$DELAYS")"
        fi
    done
    {
        delay_summary "${DESCRIPTION[$condition]}" "$DELAYS" "$USES"
        if [[ -n $fault ]]; then
            echo "  connections silenced per fault: median $(median <"$SILENCED"), worst $(percentile 100 <"$SILENCED")"
        fi
    } >>"$SUMMARY"
done
{
    for name in a b; do
        echo "  $(svc_label "$name"): $(jq -R -r 'fromjson? | select(.level == "ERROR") | .message' "${SVC_LOGS[$name]}" | wc -l) ERROR log lines"
    done
} >>"$SUMMARY"
cat "$SUMMARY"
log "delays in $WORK/delays-<condition>.txt (per sample: first 401, last 200, other answers, revocation attempts, fault to A's 200); logs in $WORK/"
