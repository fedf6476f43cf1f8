#!/usr/bin/env bash
# A database failover under load, with two instances behind one address; see bench/README.md.
#
#   bench/failover-drill.sh                                        # 30 s of load, the failover, 30 s more
#   FAILOVER_BEFORE=10 FAILOVER_AFTER=15 FAILOVER_REVOCATIONS=3 bench/failover-drill.sh   # a short try
#
# PostgreSQL's own streaming replication, from the binaries of the Debian cluster's version: a
# primary and a synchronous standby (pg_basebackup -R, synchronous_standby_names), clusters of the
# drill's own under bench/.work/failover/ on their own ports, run as the postgres OS user. In front
# of them one address, bench/tools/FaultProxy.java; two instances of the jar connect only to it
# (reactive and JDBC URL). bench/tools/FailoverLoad.java creates, revokes and uses tokens through
# both instances at a steady rate, recording every answer. After FAILOVER_BEFORE seconds the primary's host
# "vanishes": the proxy silences every established connection (no FIN, no RST: a dead host behind
# a moved address sends nothing) and the primary is killed (pg_ctl stop -m immediate); the standby
# is promoted (pg_ctl promote) and the proxy's target moved to it. The load runs FAILOVER_AFTER
# seconds more. Then: every acknowledged create must exist on the promoted server and every
# acknowledged revocation read revoked (lost writes: must be 0), no answer may be a 500 or missing
# within the client timeout; the 503s are counted and timed; then FAILOVER_REVOCATIONS revocations
# on A timed to the first refusal on B from a warm cache on B, as bench/revocation-delay.sh does.
# Every process and data directory of the drill is removed on exit. Exits 1 when a check fails.
set -euo pipefail

FAILOVER_BEFORE=${FAILOVER_BEFORE:-30}            # seconds of load before the failover
FAILOVER_AFTER=${FAILOVER_AFTER:-30}              # seconds of load after the proxy moved to the promoted standby
FAILOVER_RATE=${FAILOVER_RATE:-15}                # operations a second of the load, started on schedule (an open load)
FAILOVER_USERS=${FAILOVER_USERS:-8}               # users the load creates tokens as, in turn
FAILOVER_CLIENT_TIMEOUT=${FAILOVER_CLIENT_TIMEOUT:-15} # seconds; a request unanswered this long counts as "no answer"
FAILOVER_REVOCATIONS=${FAILOVER_REVOCATIONS:-20}  # revocation-delay samples after the failover
FAILOVER_PORT_A=${FAILOVER_PORT_A:-8281}          # HTTP ports of the instances; management ports + 1000
FAILOVER_PORT_B=${FAILOVER_PORT_B:-8282}
FAILOVER_PG_PORT=${FAILOVER_PG_PORT:-55432}       # the primary; the standby on + 1
FAILOVER_PROXY_PORT=${FAILOVER_PROXY_PORT:-55430} # the proxy's control port; the one address the instances use is + 1
# The flags the README recommends (lib.sh's default), two instances and two clusters on the machine.

LOG_TAG=failover-drill
WORK=bench/.work/failover
BENCH_DB=${FAILOVER_DB:-pat_failover}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # also: cd to the repository root, cleanup trap

require_whole_numbers FAILOVER_BEFORE FAILOVER_AFTER FAILOVER_RATE FAILOVER_USERS FAILOVER_CLIENT_TIMEOUT FAILOVER_REVOCATIONS \
    FAILOVER_PORT_A FAILOVER_PORT_B FAILOVER_PG_PORT FAILOVER_PROXY_PORT
(( FAILOVER_BEFORE >= 5 && FAILOVER_AFTER >= 5 && FAILOVER_RATE >= 1 && FAILOVER_USERS >= 1 )) \
    || die "FAILOVER_BEFORE and FAILOVER_AFTER must be at least 5, FAILOVER_RATE and FAILOVER_USERS at least 1"
PRIMARY_PORT=$FAILOVER_PG_PORT
STANDBY_PORT=$(( FAILOVER_PG_PORT + 1 ))
FRONT_PORT=$(( FAILOVER_PROXY_PORT + 1 ))
PGPORT=$PRIMARY_PORT           # pg_admin and pg_recreate_db talk to the primary (the drill never touches the Debian cluster)
lib_check_settings
A="http://127.0.0.1:$FAILOVER_PORT_A"
B="http://127.0.0.1:$FAILOVER_PORT_B"
B_METRICS="$(management_url "$FAILOVER_PORT_B")/q/metrics"
API=/v3/personal-access-tokens

lib_detect_pg
extra=()
command -v jq >/dev/null || extra+=(jq)
lib_install_tools "${extra[@]}"
lib_resolve_jar
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
[[ -x $PG_BIN/pg_ctl && -x $PG_BIN/initdb && -x $PG_BIN/pg_basebackup ]] || die "no PostgreSQL server binaries in $PG_BIN"
for port in "$FAILOVER_PORT_A" "$FAILOVER_PORT_B" "$(management_port "$FAILOVER_PORT_A")" "$(management_port "$FAILOVER_PORT_B")" \
    "$PRIMARY_PORT" "$STANDBY_PORT" "$FAILOVER_PROXY_PORT" "$FRONT_PORT"; do
    port_in_use "$port" && die "port $port is already in use on 127.0.0.1; see the FAILOVER_*_PORT settings"
done

# ----------------------------------------------------------------------------------------------
# The two clusters: made here, removed on exit
# ----------------------------------------------------------------------------------------------
DATA=$ROOT/$WORK/data          # data directories, owned by postgres; removed by the cleanup
PRIMARY_DIR=$DATA/primary
STANDBY_DIR=$DATA/standby
as_postgres() { "${SUDO[@]}" runuser -u postgres -- "$@"; }
pg_ctl_as() { as_postgres "$PG_BIN/pg_ctl" "$@"; }

drill_cleanup() {
    svc_stop_all          # the instances first, so that they do not log a database that vanished under them
    local dir
    for dir in "$PRIMARY_DIR" "$STANDBY_DIR"; do
        if [[ -f $dir/postmaster.pid ]]; then
            pg_ctl_as -D "$dir" -m immediate stop >/dev/null 2>&1 || true
        fi
    done
    rm -rf "$DATA"
}
CLEANUP_HOOKS+=(drill_cleanup)

rm -rf "$WORK"
mkdir -p "$WORK" "$DATA"
chown postgres: "$DATA"
chmod 700 "$DATA"
log "PostgreSQL $PG_VERSION primary on port $PRIMARY_PORT (initdb)"
as_postgres "$PG_BIN/initdb" -D "$PRIMARY_DIR" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=peer \
    --auth-host=scram-sha-256 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
as_postgres tee -a "$PRIMARY_DIR/postgresql.conf" >/dev/null <<CONF
# failover drill
port = $PRIMARY_PORT
listen_addresses = '127.0.0.1'
max_connections = 60
shared_buffers = 32MB
wal_level = replica
max_wal_senders = 4
wal_keep_size = 128MB
synchronous_commit = on
fsync = on
CONF
touch "$WORK/primary.log" "$WORK/standby.log"
chown postgres: "$WORK/primary.log" "$WORK/standby.log"
pg_ctl_as -D "$PRIMARY_DIR" -l "$ROOT/$WORK/primary.log" -w -t 60 start >/dev/null
pg_recreate_db

log "synchronous standby on port $STANDBY_PORT (pg_basebackup -R)"
as_postgres "$PG_BIN/pg_basebackup" -D "$STANDBY_DIR" -R -X stream -c fast \
    -d "host=/var/run/postgresql port=$PRIMARY_PORT user=postgres application_name=standby1"
# After its promotion the standby serves alone: nothing in its configuration waits for a standby of
# its own (the primary's synchronous_standby_names is set below, in its postgresql.auto.conf).
as_postgres tee -a "$STANDBY_DIR/postgresql.conf" >/dev/null <<CONF
# failover drill: the standby
port = $STANDBY_PORT
CONF
grep -q "application_name=standby1" "$STANDBY_DIR/postgresql.auto.conf" \
    || die "pg_basebackup -R wrote no application_name into primary_conninfo: $(cat "$STANDBY_DIR/postgresql.auto.conf")"
pg_ctl_as -D "$STANDBY_DIR" -l "$ROOT/$WORK/standby.log" -w -t 60 start >/dev/null
# Synchronous from now on (before the standby existed, every commit would have waited for it).
pg_admin -c "alter system set synchronous_standby_names = 'FIRST 1 (standby1)'" -c "select pg_reload_conf()" >/dev/null
sync_standby() {
    [[ $(pg_admin_value -c "select application_name || ' ' || sync_state from pg_stat_replication") == "standby1 sync" ]]
}
wait_until 60 sync_standby || die "the standby did not become synchronous: $(pg_admin_value -c 'table pg_stat_replication')"
REPLICATION=$(pg_admin_value -F ' ' -c "select application_name, state, sync_state from pg_stat_replication")
log "replication: $REPLICATION"

# ----------------------------------------------------------------------------------------------
# One address, two instances
# ----------------------------------------------------------------------------------------------
proxy_start "$FAILOVER_PROXY_PORT" "$PRIMARY_PORT" "$WORK/proxy.log" "$FRONT_PORT"
make_keys
SVC_LABEL[a]="instance A (port $FAILOVER_PORT_A)"
SVC_LABEL[b]="instance B (port $FAILOVER_PORT_B)"
for name in a b; do
    port=$([[ $name == a ]] && echo "$FAILOVER_PORT_A" || echo "$FAILOVER_PORT_B")
    svc_start "$name" "$port" "$WORK/service-$name.log" \
        QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$FRONT_PORT/$BENCH_DB" \
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$FRONT_PORT/$BENCH_DB"
    svc_wait_200 "$name" "$(management_url "$port")/q/health/ready" 180
    log "$(svc_label "$name") ready after ${ELAPSED_MS} ms, through the proxy (port $FRONT_PORT)"
done

ACCOUNT_ID=$(random_uuid)
sign_jwts "$WORK/admin-jwt.txt" "$ACCOUNT_ID" 3600 "$(random_uuid)"
api_create_directory "$A" "$(head -1 "$WORK/admin-jwt.txt")" "failover-$(date +%H%M%S)" "$FAILOVER_USERS"
sign_jwts "$WORK/user-jwts.txt" "$ACCOUNT_ID" 7200 "${DIR_USERS[@]}"
paste -d ' ' <(printf '%s\n' "${DIR_USERS[@]}") "$WORK/user-jwts.txt" >"$WORK/users.txt"

# ----------------------------------------------------------------------------------------------
# The load, and the failover in its middle
# ----------------------------------------------------------------------------------------------
REQUESTS=$WORK/requests.tsv
STOP=$WORK/stop-load
now_ms() { local us; now_us us; printf -v "$1" '%s' "$(( us / 1000 ))"; }
log "load: $FAILOVER_RATE operations a second creating, revoking and using tokens through both instances"
start_background "$JAVA_BIN" bench/tools/FailoverLoad.java "$A" "$B" "$WORK/users.txt" "$FAILOVER_RATE" "$STOP" \
    "$REQUESTS" "$FAILOVER_CLIENT_TIMEOUT"
LOAD_PID=$BG_PID
now_ms LOAD_START_MS
sleep "$FAILOVER_BEFORE"
kill -0 "$LOAD_PID" 2>/dev/null || die "the load ended early"

log "failover: the primary's host vanishes (proxy silences every established connection; pg_ctl stop -m immediate)"
now_ms KILL_MS
proxy_cmd silence || die "the proxy did not answer"
SILENCED=${PROXY_REPLY#silenced }
pg_ctl_as -D "$PRIMARY_DIR" -m immediate stop >/dev/null
now_ms KILLED_MS
pg_ctl_as -D "$STANDBY_DIR" -w -t 60 promote >/dev/null
now_ms PROMOTED_MS
proxy_cmd target "$STANDBY_PORT" || die "the proxy did not answer"
now_ms MOVED_MS
log "standby promoted $(( PROMOTED_MS - KILL_MS )) ms after the kill; the address moved to it at $(( MOVED_MS - KILL_MS )) ms"
sleep "$FAILOVER_AFTER"
touch "$STOP"
wait "$LOAD_PID" || die "the load failed"
now_ms LOAD_END_MS
PGPORT=$STANDBY_PORT           # from here on the promoted standby is the database

# ----------------------------------------------------------------------------------------------
# What the load saw
# ----------------------------------------------------------------------------------------------
# Acknowledged creates and revocations, and the names of creates that got no 201.
awk -F '\t' '$5 == "create" && $6 == "201" { print $7 }' "$REQUESTS" >"$WORK/acked-creates.txt"
awk -F '\t' '$5 == "revoke" && $6 == "200" { print $7 }' "$REQUESTS" >"$WORK/acked-revokes.txt"
awk -F '\t' '$5 == "create" && $6 != "201" { print $8 }' "$REQUESTS" >"$WORK/unacked-create-names.txt"
CHECK=$(pg_bench -A -t -F ' ' <<SQL
create temp table acked_create (id uuid);
create temp table acked_revoke (id uuid);
create temp table unacked_name (name text);
\copy acked_create from '$WORK/acked-creates.txt'
\copy acked_revoke from '$WORK/acked-revokes.txt'
\copy unacked_name from '$WORK/unacked-create-names.txt'
select (select count(*) from acked_create),
       (select count(*) from acked_create a where not exists (select from personal_access_token t where t.id = a.id)),
       (select count(*) from acked_revoke),
       (select count(*) from acked_revoke a where not exists (select from personal_access_token t where t.id = a.id and t.revoked)),
       (select count(*) from unacked_name),
       (select count(*) from unacked_name u where exists (select from personal_access_token t where t.name = u.name)),
       pg_is_in_recovery();
SQL
)
read -r ACKED_CREATES LOST_CREATES ACKED_REVOKES LOST_REVOKES UNACKED_CREATES UNACKED_WRITTEN IN_RECOVERY <<<"$CHECK"
[[ $IN_RECOVERY == f ]] || die "the server checked is still a standby"

# Answers by status; the 503s' times relative to the kill; the slowest answers; the first
# acknowledged write on each instance after the kill.
STATS=$(awk -F '\t' -v kill="$KILL_MS" -v moved="$MOVED_MS" '
    { n++; status[$6]++; lat = $2 - $1; if (lat > maxlat) maxlat = lat
      if ($6 == "503" && $2 < kill) before503++
      if ($6 == "503" && $2 >= kill) { s503++; t = ($2 - kill) / 1000; if (first == "" || t < first) first = t; if (last == "" || t > last) last = t
                         sec[int($2 / 1000)] = 1; by[$4]++ }
      if ($6 == "500") s500++
      if ($6 == "000" || $6 == "001") none++
      if ($1 <= kill && $2 > kill && lat > maxcut) maxcut = lat
      if (($5 == "create" && $6 == "201") || ($5 == "revoke" && $6 == "200")) {
          if ($1 > kill && (back[$4] == "" || $2 < back[$4])) back[$4] = $2 }
      # Expected: a create 201, a revocation or a use 200, a 401 to a use whose revocation was sent
      # (in doubt); 503 and no answer are counted apart; anything else is unexpected.
      if (!($5 == "create" && $6 == "201") && !($5 != "create" && $6 == "200") && !($5 == "use" && $6 == "401" && $9 == "revoke-in-doubt") \
          && $6 != "503" && $6 != "500" && $6 != "000" && $6 != "001") wrong++ }
    END {
      for (s in sec) seconds++
      printf "requests=%d before503=%d 503=%d 500=%d none=%d wrong=%d first503=%s last503=%s seconds503=%d A503=%d B503=%d maxlat=%d maxcut=%d backA=%s backB=%s\n",
          n, before503, s503, s500, none, wrong, (first == "" ? "-" : sprintf("%.1f", first)), (last == "" ? "-" : sprintf("%.1f", last)),
          seconds, by["A"], by["B"], maxlat, maxcut,
          (back["A"] == "" ? "-" : sprintf("%.1f", (back["A"] - kill) / 1000)), (back["B"] == "" ? "-" : sprintf("%.1f", (back["B"] - kill) / 1000))
      for (s in status) printf "%s:%d ", s, status[s] > "/dev/stderr" }' "$REQUESTS" 2>"$WORK/statuses.txt")
declare -A ST=()
for kv in $STATS; do ST[${kv%%=*}]=${kv#*=}; done
STATUSES=$(tr ' ' '\n' <"$WORK/statuses.txt" | sed '/^$/d' | sort | tr '\n' ' ')
# Answers by the second they came in, relative to the kill: "second:served/503/none" (served: 2xx, or a
# 401 to a use), from 3 s before to 15 s after it.
TIMELINE=$(awk -F '\t' -v kill="$KILL_MS" '
    { t = int(($2 - kill + 100000) / 1000) - 100; if (t < -3 || t > 15) next
      if ($6 ~ /^2/ || $6 == "401") ok[t]++; else if ($6 == "503") e[t]++; else if ($6 == "000" || $6 == "001") n[t]++ }
    END { for (t = -3; t <= 15; t++) printf "%+d:%d/%d/%d ", t, ok[t], e[t], n[t] }' "$REQUESTS")

# ----------------------------------------------------------------------------------------------
# The revocation delay across the instances after the failover
# ----------------------------------------------------------------------------------------------
JWT=$(head -1 "$WORK/user-jwts.txt")
DELAYS=$WORK/delays-after-failover.txt
USES=$WORK/warm-uses.txt
: >"$DELAYS"
: >"$USES"
log "$FAILOVER_REVOCATIONS revocations on A after the failover, each timed to the first refusal on B from a warm cache on B"
for (( i = 1; i <= FAILOVER_REVOCATIONS; i++ )); do
    revocation_sample "after-failover-$i"
done

# ----------------------------------------------------------------------------------------------
# Summary
# ----------------------------------------------------------------------------------------------
FAILED=()
(( LOST_CREATES == 0 && LOST_REVOKES == 0 )) || FAILED+=("acknowledged writes lost")
(( ST[500] == 0 )) || FAILED+=("answers 500")
(( ST[none] == 0 )) || FAILED+=("requests without an answer within $FAILOVER_CLIENT_TIMEOUT s")
(( ST[wrong] == 0 )) || FAILED+=("unexpected answers")
(( SILENCED > 0 )) || FAILED+=("the failover silenced no connection: it never reached the instances")
{
    echo "Failover drill: two instances of ${JAR#"$ROOT"/} behind one address (the fault proxy), PostgreSQL $PG_VERSION"
    echo "  primary (port $PRIMARY_PORT) with a synchronous streaming standby (port $STANDBY_PORT): $REPLICATION"
    echo "  load: $FAILOVER_RATE operations a second started on schedule (creates, revocations, uses; every other one on each instance)" \
        "as $FAILOVER_USERS users; $(( (LOAD_END_MS - LOAD_START_MS) / 1000 )) s, the failover at $(( (KILL_MS - LOAD_START_MS) / 1000 )) s"
    echo "  failover: $SILENCED established connections silenced and the primary killed (pg_ctl stop -m immediate) at 0 ms;" \
        "killed at $(( KILLED_MS - KILL_MS )) ms; standby promoted (pg_ctl promote -w) at $(( PROMOTED_MS - KILL_MS )) ms;" \
        "the address moved to it at $(( MOVED_MS - KILL_MS )) ms"
    echo "  requests: ${ST[requests]} (by status: $STATUSES)"
    echo "  acknowledged writes lost: $(( LOST_CREATES + LOST_REVOKES )) (creates $LOST_CREATES of $ACKED_CREATES acknowledged," \
        "revocations $LOST_REVOKES of $ACKED_REVOKES acknowledged, checked on the promoted server)"
    echo "  creates without a 201 found written anyway: $UNACKED_WRITTEN of $UNACKED_CREATES (in doubt: the answer was lost with the connection)"
    echo "  503 answers after the kill: ${ST[503]} (A ${ST[A503]}, B ${ST[B503]}), from ${ST[first503]} s to ${ST[last503]} s after it," \
        "in ${ST[seconds503]} distinct seconds; before the kill: ${ST[before503]}"
    echo "  500 answers: ${ST[500]}; no answer within $FAILOVER_CLIENT_TIMEOUT s: ${ST[none]};" \
        "unexpected answers (other than 201 to a create, 200 to a revocation or use, 401 to a use of a secret whose revocation was in doubt): ${ST[wrong]}"
    echo "  answers per second around the kill (second: served/503/none; served is a 2xx or a 401): $TIMELINE"
    echo "  slowest answer: ${ST[maxlat]} ms (of a request in flight at the kill: ${ST[maxcut]} ms);" \
        "first acknowledged write after the kill: A at ${ST[backA]} s, B at ${ST[backB]} s"
    delay_summary "Revocation on A to the first refusal on B after the failover (both on the promoted server)" "$DELAYS" "$USES"
    for name in a b; do
        echo "  $(svc_label "$name"): $(jq -R -r 'fromjson? | select(.level == "ERROR") | .message' "${SVC_LOGS[$name]}" | wc -l) ERROR log lines"
    done
    if (( ${#FAILED[@]} )); then
        echo "FAIL: $(IFS=';'; echo "${FAILED[*]}")"
    else
        echo "PASS: 0 acknowledged writes lost, 0 answers 500, every request answered within $FAILOVER_CLIENT_TIMEOUT s, 0 unexpected answers"
    fi
} | tee "$WORK/summary.txt"
log "every request in $REQUESTS; logs in $WORK/ (the data directories are removed on exit)"
(( ${#FAILED[@]} == 0 ))
