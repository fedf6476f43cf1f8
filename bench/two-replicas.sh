#!/usr/bin/env bash
# The two-replica check of issue 7; see bench/README.md.
#
#   bench/two-replicas.sh
#
# Starts two instances of the jar, A and B, at the same moment on one empty database of their own
# (both migrate at start: Flyway's lock must make that safe), then proves they behave as one: a
# token created on A is readable and usable on B, a revocation on A is refused by B within a second
# (each instance remembers checked secrets and hears changes on PostgreSQL's pat_token_changes
# channel), a rotation on B likewise on A, the worst delay over REVOCATIONS (200) revocations, and
# no row is duplicated. Prints PASS or FAIL per check and
# exits non-zero when any check fails.
set -euo pipefail

REPLICA_PORT_A=${REPLICA_PORT_A:-8181}
REPLICA_PORT_B=${REPLICA_PORT_B:-8182}

LOG_TAG=replicas
WORK=bench/.work/replicas
BENCH_DB=${REPLICAS_DB:-pat_replicas}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # also: cd to the repository root, cleanup trap

require_whole_numbers REPLICA_PORT_A REPLICA_PORT_B
lib_check_settings
A="http://127.0.0.1:$REPLICA_PORT_A"
B="http://127.0.0.1:$REPLICA_PORT_B"
API=/v3/personal-access-tokens

lib_detect_pg
extra=()
command -v jq >/dev/null || extra+=(jq)
lib_install_tools "${extra[@]}"
lib_resolve_jar
for port in "$REPLICA_PORT_A" "$REPLICA_PORT_B"; do
    port_in_use "$port" && die "port $port is already in use on 127.0.0.1; set REPLICA_PORT_A / REPLICA_PORT_B"
done

rm -rf "$WORK"
mkdir -p "$WORK"
pg_ensure_running
pg_recreate_db
make_keys

# ----------------------------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------------------------
PASSED=0
FAILED=0
check() { # $1 description, $2 "ok" or what was seen instead
    if [[ $2 == ok ]]; then
        printf 'PASS  %s\n' "$1"
        PASSED=$(( PASSED + 1 ))
    else
        printf 'FAIL  %s: %s\n' "$1" "$2"
        FAILED=$(( FAILED + 1 ))
    fi
}
# "ok" when the last api call answered the expected status, else what it answered.
status_is() { [[ $API_CODE == "$1" ]] && echo ok || echo "answered $API_CODE: ${API_BODY:0:300}"; }
same() { [[ $1 == "$2" ]] && echo ok || echo "'$1' vs '$2'"; }

# ----------------------------------------------------------------------------------------------
# Two instances, started together on the empty database, made to race for Flyway's lock
# ----------------------------------------------------------------------------------------------
# JVM starts on a busy machine differ by seconds, more than a migration of an empty database takes,
# so two instances merely started together rarely migrate at the same moment. The script therefore
# holds Flyway's own lock while they start: Flyway 10-12 on PostgreSQL polls
# pg_try_advisory_[xact_]lock(77431708279161 + String.hashCode of the quoted schema history table).
# Once both instances are seen polling it, the script lets go and they race for it.
java_hash() { # String.hashCode of an ASCII string, as a signed 32-bit number
    local s=$1 h=0 i
    for (( i = 0; i < ${#s}; i++ )); do
        h=$(( (h * 31 + $(printf '%d' "'${s:i:1}")) & 0xFFFFFFFF ))
    done
    (( h >= 0x80000000 )) && h=$(( h - 0x100000000 ))
    echo "$h"
}
FLYWAY_LOCK=$(( 77431708279161 + $(java_hash '"public"."flyway_schema_history"') ))
LOCK_HOLDER=pat-replicas-lock-holder
hold_flyway_lock() { PGAPPNAME=$LOCK_HOLDER pg_bench -c "select pg_advisory_lock($FLYWAY_LOCK)" -c "select pg_sleep(600)" >"$WORK/lock-holder.log" 2>&1; }
release_flyway_lock() {
    pg_admin_value -v app="$LOCK_HOLDER" <<<"select pg_terminate_backend(pid) from pg_stat_activity where application_name = :'app'" >/dev/null 2>&1
}
CLEANUP_HOOKS+=(release_flyway_lock)
start_background hold_flyway_lock
holding=0
for _ in $(seq 1 100); do
    holding=$(pg_admin_value -v app="$LOCK_HOLDER" <<<"select count(*) from pg_stat_activity where application_name = :'app' and query like '%pg_sleep%'")
    [[ $holding == 1 ]] && break
    sleep 0.1
done
[[ $holding == 1 ]] || die "could not take Flyway's lock ($FLYWAY_LOCK) in a session of its own"

SVC_LABEL[a]="instance A (port $REPLICA_PORT_A)"
SVC_LABEL[b]="instance B (port $REPLICA_PORT_B)"
log "starting instance A on $REPLICA_PORT_A and instance B on $REPLICA_PORT_B together (both migrate the empty database)"
jdbc="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB?ApplicationName"
svc_start a "$REPLICA_PORT_A" "$WORK/service-a.log" QUARKUS_DATASOURCE_JDBC_URL="$jdbc=pat-replica-a"
svc_start b "$REPLICA_PORT_B" "$WORK/service-b.log" QUARKUS_DATASOURCE_JDBC_URL="$jdbc=pat-replica-b"

# Both instances polling the lock, seen by their JDBC application names.
waiting=0
deadline=$(( $(date +%s) + 180 ))
while (( $(date +%s) < deadline )); do
    waiting=$(pg_admin_value <<<"select count(distinct application_name) from pg_stat_activity
        where application_name in ('pat-replica-a', 'pat-replica-b') and query like '%pg_try_advisory%lock%'")
    [[ $waiting == 2 ]] && break
    for name in a b; do
        kill -0 "$(svc_pid "$name")" 2>/dev/null || { tail -n 40 "${SVC_LOGS[$name]}" >&2; die "$(svc_label "$name") exited during start"; }
    done
    sleep 0.2
done
release_flyway_lock
log "released Flyway's lock; instances waiting on it: $waiting of 2"
check "both instances were held at Flyway's lock, then raced for it" \
    "$([[ $waiting == 2 ]] && echo ok || echo "only $waiting instance(s) seen polling lock $FLYWAY_LOCK within 180 s (Flyway's lock key changed?)")"

svc_wait_200 a "$(management_url "$REPLICA_PORT_A")/q/health/ready" 180
log "instance A ready after ${ELAPSED_MS} ms"
svc_wait_200 b "$(management_url "$REPLICA_PORT_B")/q/health/ready" 180
log "instance B ready after ${ELAPSED_MS} ms"

applied_a=$(grep -c 'Successfully applied' "$WORK/service-a.log" || true)
applied_b=$(grep -c 'Successfully applied' "$WORK/service-b.log" || true)
log "Flyway: A applied migrations: $applied_a time(s), B: $applied_b time(s)"
check "the migrations ran on exactly one instance" \
    "$( (( applied_a + applied_b == 1 )) && echo ok || echo "applied by A $applied_a time(s), by B $applied_b time(s)")"

# ----------------------------------------------------------------------------------------------
# A directory through A, as an administrator whose JWT subject is no user
# ----------------------------------------------------------------------------------------------
ACCOUNT_ID=$(random_uuid)
RUN=replicas-$(date +%H%M%S)
sign_jwts "$WORK/admin-jwt.txt" "$ACCOUNT_ID" 3600 "$(random_uuid)"
ADMIN_JWT=$(head -1 "$WORK/admin-jwt.txt")
api_create_directory "$A" "$ADMIN_JWT" "$RUN" 1
USER_ID=${DIR_USERS[0]}
EMAIL=${DIR_EMAILS[0]}
check "reseller, organization and admin user created on A" ok
sign_jwts "$WORK/user-jwt.txt" "$ACCOUNT_ID" 3600 "$USER_ID"
JWT=$(head -1 "$WORK/user-jwt.txt")

api GET "$B/v3/users/$USER_ID" "$ADMIN_JWT"
check "the user created on A is readable on B" "$(status_is 200)"

# ----------------------------------------------------------------------------------------------
# Token 1: created on A, read and used on B, revoked on A, refused on B at once
# ----------------------------------------------------------------------------------------------
api POST "$A$API" "$JWT" '{"name":"replicas one","scopes":["personalAccessToken:read","personalAccessToken:write"]}'
check "token 1 created on A (201)" "$(status_is 201)"
[[ $API_CODE == 201 ]] || die "cannot go on without token 1"
ID1=$(jq -r .id <<<"$API_BODY")
SECRET1=$(jq -r .token <<<"$API_BODY")
CREATED1=$(jq -S -c 'del(.token)' <<<"$API_BODY")

api GET "$A$API/$ID1" "$JWT"
READ_A=$(jq -S -c . <<<"$API_BODY" 2>/dev/null || echo "$API_BODY")
api GET "$B$API/$ID1" "$JWT"
check "token 1 read on B (200)" "$(status_is 200)"
READ_B=$(jq -S -c . <<<"$API_BODY" 2>/dev/null || echo "$API_BODY")
check "token 1 on B has the same body as on A" "$(same "$READ_B" "$READ_A")"
check "token 1 on B has the body A's create answered (without the secret)" "$(same "$READ_B" "$CREATED1")"

api GET "$B$API/self" "$SECRET1"
check "token 1's secret used on B (/self 200)" "$(status_is 200)"
check "/self on B names token 1" "$(same "$(jq -r .id <<<"$API_BODY" 2>/dev/null)" "$ID1")"

api PATCH "$A$API/$ID1" "$JWT" '{"revoked":true}'
check "token 1 revoked on A (PATCH revoked:true, 200)" "$(status_is 200)"
# B remembers checked secrets and hears revocations on the database's notification channel.
refused_within() { # $1 base URL, $2 secret, $3 milliseconds: polls /self until 401; sets WAITED_MS
    local start code
    start=$(date +%s%N)
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $2" "$1$API/self")
        WAITED_MS=$(( ($(date +%s%N) - start) / 1000000 ))
        [[ $code == 401 ]] && return 0
        (( WAITED_MS > $3 )) && return 1
    done
}
if refused_within "$B" "$SECRET1" 1000; then r=ok; else r="still accepted after ${WAITED_MS} ms"; fi
check "token 1's secret refused on B within a second of the revocation on A (401 after ${WAITED_MS} ms)" "$r"
api GET "$B$API/$ID1" "$JWT"
check "token 1 reads revoked on B" "$(same "$(jq -r .revoked <<<"$API_BODY" 2>/dev/null)" true)"

# ----------------------------------------------------------------------------------------------
# Token 2: rotated on B, the old secret refused on A at once, the new one accepted on A
# ----------------------------------------------------------------------------------------------
api POST "$A$API" "$JWT" '{"name":"replicas two","scopes":["personalAccessToken:read","personalAccessToken:write"]}'
check "token 2 created on A (201)" "$(status_is 201)"
[[ $API_CODE == 201 ]] || die "cannot go on without token 2"
ID2=$(jq -r .id <<<"$API_BODY")
OLD2=$(jq -r .token <<<"$API_BODY")
api GET "$A$API/self" "$OLD2"
check "token 2's first secret used on A (200)" "$(status_is 200)"

api POST "$B$API/$ID2/rotate" "$JWT"
check "token 2 rotated on B (200)" "$(status_is 200)"
NEW2=$(jq -r .token <<<"$API_BODY" 2>/dev/null || true)
if refused_within "$A" "$OLD2" 1000; then r=ok; else r="still accepted after ${WAITED_MS} ms"; fi
check "token 2's old secret refused on A within a second of the rotation on B (after ${WAITED_MS} ms)" "$r"
api GET "$A$API/self" "$NEW2"
check "token 2's new secret accepted on A (200)" "$(status_is 200)"
check "/self on A with the new secret names token 2" "$(same "$(jq -r .id <<<"$API_BODY" 2>/dev/null)" "$ID2")"

# ----------------------------------------------------------------------------------------------
# Revocation delay: REVOCATIONS tokens, each checked on both instances (so B remembers it), revoked
# on A; the time from A's 200 to B's first 401, polled with curl (a few ms per poll)
# ----------------------------------------------------------------------------------------------
REVOCATIONS=${REVOCATIONS:-200}
DELAYS="$WORK/revocation-delays.txt"
: >"$DELAYS"
for (( i = 1; i <= REVOCATIONS; i++ )); do
    api POST "$A$API" "$JWT" "{\"name\":\"delay $i\",\"scopes\":[\"personalAccessToken:read\",\"personalAccessToken:write\"]}"
    [[ $API_CODE == 201 ]] || die "revocation $i: create answered $API_CODE: ${API_BODY:0:300}"
    id=$(jq -r .id <<<"$API_BODY")
    secret=$(jq -r .token <<<"$API_BODY")
    api GET "$A$API/self" "$secret"
    api GET "$B$API/self" "$secret"
    api GET "$B$API/self" "$secret"
    [[ $API_CODE == 200 ]] || die "revocation $i: B refused a fresh secret ($API_CODE)"
    api PATCH "$A$API/$id" "$JWT" '{"revoked":true}'
    [[ $API_CODE == 200 ]] || die "revocation $i: revoke answered $API_CODE"
    refused_within "$B" "$secret" 10000 || true
    echo "$WAITED_MS" >>"$DELAYS"
done
WORST=$(sort -n "$DELAYS" | tail -1)
MEDIAN=$(sort -n "$DELAYS" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
OVER=$(awk '$1 > 1000' "$DELAYS" | wc -l)
log "revocation on A to refusal on B over $REVOCATIONS revocations: median ${MEDIAN} ms, worst ${WORST} ms, over 1 s: $OVER"
check "every one of $REVOCATIONS revocations on A refused on B within a second (worst ${WORST} ms, median ${MEDIAN} ms)" \
    "$( (( OVER == 0 )) && echo ok || echo "$OVER took longer than 1 s")"

# ----------------------------------------------------------------------------------------------
# The database: nothing duplicated
# ----------------------------------------------------------------------------------------------
count_is() { # $1 expected, $2 SQL returning a count
    local n
    n=$(pg_bench_value -v id1="$ID1" -v id2="$ID2" -v email="$EMAIL" -v account="$ACCOUNT_ID" -v run="$RUN" <<<"$2")
    [[ $n == "$1" ]] && echo ok || echo "$n rows, expected $1"
}
check "database: one row for token 1" "$(count_is 1 "select count(*) from personal_access_token where id = :'id1'::uuid")"
check "database: one row for token 2" "$(count_is 1 "select count(*) from personal_access_token where id = :'id2'::uuid")"
check "database: two tokens in the account, and the delay run's" "$(count_is $(( 2 + REVOCATIONS )) "select count(*) from personal_access_token where account_id = :'account'::uuid")"
check "database: one user with the email" "$(count_is 1 "select count(*) from app_user where lower(email) = lower(:'email')")"
check "database: one reseller, one organization of the run" "$(count_is 2 "select (select count(*) from reseller where name like :'run' || '%') + (select count(*) from organization where name like :'run' || '%')")"
check "database: token 1 revoked, token 2 not" "$(count_is 2 "select count(*) from personal_access_token where (id = :'id1'::uuid and revoked) or (id = :'id2'::uuid and not revoked)")"
DUPLICATES=$(pg_bench_value -F ' ' <<<"select version, count(*) from flyway_schema_history where version is not null group by version having count(*) <> 1")
check "database: flyway_schema_history has each version once" "$([[ -z $DUPLICATES ]] && echo ok || echo "duplicated: $DUPLICATES")"
FAILED_MIGRATIONS=$(pg_bench_value <<<"select count(*) from flyway_schema_history where not success")
check "database: no failed migration recorded" "$([[ $FAILED_MIGRATIONS == 0 ]] && echo ok || echo "$FAILED_MIGRATIONS failed")"
MIGRATION_FILES=$(for app in "$(dirname "$JAR")"/app/*.jar; do jar tf "$app"; done 2>/dev/null | grep -cE '^db/migration/V[^/]*\.sql$' || true)
VERSIONS=$(pg_bench_value <<<"select count(*) from flyway_schema_history where version is not null")
log "flyway_schema_history: $VERSIONS version(s); the jar holds $MIGRATION_FILES migration file(s)"
if [[ $MIGRATION_FILES -gt 0 ]]; then
    check "database: every migration of the jar applied once" "$(same "$VERSIONS" "$MIGRATION_FILES")"
fi

for name in a b; do
    errors=$(jq -R -r 'fromjson? | select(.level == "ERROR") | .message' "${SVC_LOGS[$name]}" | wc -l)
    (( errors == 0 )) || log "$(svc_label "$name") logged $errors ERROR line(s): ${SVC_LOGS[$name]}"
done

echo
echo "$PASSED passed, $FAILED failed"
(( FAILED == 0 )) || exit 1
