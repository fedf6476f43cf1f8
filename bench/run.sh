#!/usr/bin/env bash
# The benchmark of issue 5 in one command; see bench/README.md.
#
#   bench/run.sh                       # full run: 20 s warm-up + 30 s measured per case
#   WARMUP=3 DURATION=5 bench/run.sh   # a quick try
#
# Installs wrk/pgbench when missing, builds the jar when missing, (re)creates its own database in
# the local PostgreSQL cluster, loads the dataset, starts the service (rate limit OFF), runs the
# wrk cases and pgbench, then case 1 against the peer (bench/tools/Peer.java: the same work written
# by hand on Vert.x and the reactive pg client, for scale), prints one table and writes it to
# bench/results/.
set -euo pipefail

# ----------------------------------------------------------------------------------------------
# Settings (environment overrides; those of the database, the jar and JAVA_OPTS are in bench/lib.sh)
# ----------------------------------------------------------------------------------------------
WARMUP=${WARMUP:-20}                  # seconds of wrk warm-up per case (not measured)
DURATION=${DURATION:-30}              # seconds measured per case, and pgbench -T
CONNECTIONS=${CONNECTIONS:-32}        # wrk connections and pgbench clients
WRK_THREADS=${WRK_THREADS:-1}
WRK_TIMEOUT=${WRK_TIMEOUT:-5s}
PGBENCH_WARMUP=${PGBENCH_WARMUP:-$(( WARMUP < 5 ? WARMUP : 5 ))}
CASES=${CASES:-"1 2 3 4 5"}           # which wrk cases to run (pgbench runs with cases 1, 4 and 5)
BENCH_PORT=${BENCH_PORT:-8080}        # HTTP port of the service under test (bound to 127.0.0.1)
STARTS=${STARTS:-3}                   # fresh starts per mode (AOT cache on, off) for the first-200 figure; 0 skips
CURVE_SECONDS=${CURVE_SECONDS:-150}   # warm-up curve per mode: case 1 from a fresh start, in 5 s slices; 0 skips
PEER=${PEER:-1}                       # 1: case 1 also against the peer (bench/tools/Peer.java), after the service's cases; 0 skips
PEER_PORT=${PEER_PORT:-8090}          # HTTP port of the peer (bound to 127.0.0.1)

LOG_TAG=bench
WORK=bench/.work
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # also: cd to the repository root, cleanup trap

RESULTS_DIR=${RESULTS_DIR:-bench/results}  # bench/ab.sh keeps its single runs apart
ACCOUNT_ID=5eb0c4a1-0000-4000-8000-00000000be7c
TOKENS=100000                          # must match bench/load.sql
SECRETS=2000                           # tokens with a known secret (case 2)
ADMIN_JWTS=8                           # distinct admin JWTs (admin users 1..8) for cases 1 and 3
BASE_URL="http://127.0.0.1:${BENCH_PORT}"

require_whole_numbers WARMUP DURATION CONNECTIONS WRK_THREADS PGBENCH_WARMUP BENCH_PORT STARTS CURVE_SECONDS PEER PEER_PORT
(( DURATION >= 1 && CONNECTIONS >= 1 )) || die "DURATION and CONNECTIONS must be at least 1"
lib_check_settings

# The one service instance of the benchmark ("bench" in lib.sh's terms); SERVICE_PID is its pid.
SERVICE_PID=
start_service() { # $1 = log file
    svc_start bench "$BENCH_PORT" "$1"
    SERVICE_PID=$(svc_pid bench)
}
stop_service() { svc_stop bench; SERVICE_PID=; }

# The peer: bench/tools/Peer.java on the service's own Vert.x, pg client, Netty, Jackson and jose4j
# jars (the jar's lib/main: the same versions), with the service's JAVA_OPTS (no AOT cache); compiled
# first with the JDK's javac into $WORK/peer-classes, so that its process holds no compiler (Java's
# source launcher runs it when there is no javac). PEER_PID is its pid; PEER_FIRST_200_MS the ms from
# its start to the first 200 on case 1's request.
PEER_PID=
PEER_CP=
PEER_URL="http://127.0.0.1:${PEER_PORT}"
peer_classpath() {
    local lib pattern jar found
    lib=$(dirname "$JAR")/lib/main
    PEER_CP=
    for pattern in io.vertx.vertx-core- io.vertx.vertx-sql-client- io.vertx.vertx-pg-client- io.netty.netty- \
                   com.fasterxml.jackson.core.jackson-core- org.bitbucket.b_c.jose4j- org.slf4j.slf4j-api- com.ongres.; do
        found=("$lib/$pattern"*.jar)
        [[ -e ${found[0]} ]] || die "the peer needs $pattern*.jar, which is not in $lib (set PEER=0 to skip the peer)"
        for jar in "${found[@]}"; do PEER_CP+="${PEER_CP:+:}$jar"; done
    done
}
peer_start() {
    port_in_use "$PEER_PORT" && die "port $PEER_PORT is already in use on 127.0.0.1; set PEER_PORT"
    local opts start
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    read -ra opts <<<"$JAVA_OPTS"
    local javac main=(bench/tools/Peer.java) cp=$PEER_CP
    javac=$(dirname "$(command -v "$JAVA_BIN")")/javac
    if [[ -x $javac ]]; then
        rm -rf "$WORK/peer-classes"
        "$javac" -nowarn -d "$WORK/peer-classes" -cp "$PEER_CP" bench/tools/Peer.java || die "javac failed on bench/tools/Peer.java"
        main=(Peer)
        cp=$WORK/peer-classes:$PEER_CP
    fi
    start=$(date +%s%N)
    PGPASSWORD=$BENCH_PASSWORD "$JAVA_BIN" "${opts[@]}" -cp "$cp" "${main[@]}" "$PEER_PORT" \
        "$ROOT/$WORK/keys/public.pem" "$ISSUER" pat-bench "$PGHOST" "$PGPORT" "$BENCH_DB" "$BENCH_USER" >"$WORK/peer.log" 2>&1 &
    PEER_PID=$!
    local deadline=$(( $(date +%s) + 120 )) code
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "Authorization: Bearer $FIRST_JWT" \
            "$PEER_URL/v3/personal-access-tokens/$FIRST_ID" || true)
        [[ $code == 200 ]] && break
        kill -0 "$PEER_PID" 2>/dev/null || { tail -n 40 "$WORK/peer.log" >&2; PEER_PID=; die "the peer exited during start (log: $WORK/peer.log)"; }
        (( $(date +%s) <= deadline )) || { tail -n 40 "$WORK/peer.log" >&2; die "no 200 from the peer within 120 s (last status $code)"; }
        sleep 0.05
    done
    PEER_FIRST_200_MS=$(( ($(date +%s%N) - start) / 1000000 ))
}
peer_stop() {
    [[ -n $PEER_PID ]] || return 0
    kill -TERM "$PEER_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do kill -0 "$PEER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PEER_PID" 2>/dev/null || true
    wait "$PEER_PID" 2>/dev/null || true
    PEER_PID=
    return 0
}
CLEANUP_HOOKS+=(peer_stop)
# (Waiting for a 200, CPU ticks, RSS and the median: bench/lib.sh.)

# ----------------------------------------------------------------------------------------------
# 1. Tools
# ----------------------------------------------------------------------------------------------
lib_detect_pg
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v pgbench >/dev/null || missing+=("postgresql-client-$PG_VERSION")
[[ -f /usr/lib/postgresql/$PG_VERSION/lib/pg_stat_statements.so ]] || missing+=(postgresql-contrib)
lib_install_tools "${missing[@]}"

# ----------------------------------------------------------------------------------------------
# 2. The jar
# ----------------------------------------------------------------------------------------------
lib_resolve_jar
(( PEER == 0 )) || peer_classpath

port_in_use "$BENCH_PORT" && die "port $BENCH_PORT is already in use on 127.0.0.1 (another service running?); set BENCH_PORT"
(( PEER == 0 )) || ! port_in_use "$PEER_PORT" || die "port $PEER_PORT is already in use on 127.0.0.1; set PEER_PORT"

rm -rf "$WORK"
mkdir -p "$WORK" "$RESULTS_DIR"

# ----------------------------------------------------------------------------------------------
# 3. PostgreSQL: running, pg_stat_statements preloaded, own role and database
# ----------------------------------------------------------------------------------------------
pg_ensure_running

preload=$(pg_admin_value -c 'show shared_preload_libraries')
if [[ ",${preload// /}," != *",pg_stat_statements,"* ]]; then
    log "enabling pg_stat_statements (ALTER SYSTEM shared_preload_libraries, then restarting the cluster)"
    libs=""
    IFS=',' read -ra existing <<<"${preload// /}"
    for lib in "${existing[@]}" pg_stat_statements; do
        [[ -n $lib ]] && libs+="${libs:+, }'${lib//\"/}'"
    done
    pg_admin -c "alter system set shared_preload_libraries = $libs"
    pg_ctl_cluster restart
fi
pg_admin -c 'create extension if not exists pg_stat_statements'
PG_SERVER_VERSION=$(pg_admin_value -c 'show server_version')

pg_recreate_db
BENCH_DBID=$(pg_admin_value -v db="$BENCH_DB" <<<"select oid from pg_database where datname = :'db'")

pgss_reset() { pg_admin -c "select pg_stat_statements_reset(0, $BENCH_DBID, 0)" >/dev/null; }
pgss_calls() { pg_admin_value -c "select coalesce(sum(calls), 0) from pg_stat_statements where dbid = $BENCH_DBID"; }
# Statements of the bench database since the last reset, most called first: calls<TAB>mean ms<TAB>query.
pgss_top() {
    pg_admin_value -F $'\t' -c "select calls, round(mean_exec_time::numeric, 3),
        regexp_replace(query, '\s+', ' ', 'g') from pg_stat_statements where dbid = $BENCH_DBID
        order by calls desc, query limit ${1:-8}"
}

# ----------------------------------------------------------------------------------------------
# 4. Keys, JWTs, secrets
# ----------------------------------------------------------------------------------------------
make_keys
admin_subjects=()
for i in $(seq 1 "$ADMIN_JWTS"); do
    admin_subjects+=("$(md5_uuid "$(printf 'pat-bench-user-%d' "$i")")")
done
log "generating $SECRETS token secrets and $ADMIN_JWTS admin JWTs"
java bench/tools/BenchTool.java secrets "$SECRETS" 20240501 "$WORK/secrets.txt"
sign_jwts "$WORK/admin-jwts.txt" "$ACCOUNT_ID" 14400 "${admin_subjects[@]}"

# ----------------------------------------------------------------------------------------------
# 5. The service
# ----------------------------------------------------------------------------------------------
log "starting the service once to create the schema (Flyway)"
start_service "$WORK/service-migrate.log"
svc_wait_200 bench "$(management_url "$BENCH_PORT")/q/health/ready" 180
stop_service

log "loading the dataset"
load_start=$(date +%s%N)
pg_bench -v account="$ACCOUNT_ID" -f bench/load.sql >"$WORK/load.log"
LOAD_SECONDS=$(awk -v ns=$(( $(date +%s%N) - load_start )) 'BEGIN { printf "%.1f", ns / 1e9 }')
[[ $(wc -l <"$WORK/token-ids.txt") -eq $TOKENS ]] || die "expected $TOKENS token ids in $WORK/token-ids.txt"
[[ $(wc -l <"$WORK/secret-tokens.txt") -eq $SECRETS ]] || die "expected $SECRETS secret tokens"
log "dataset loaded in ${LOAD_SECONDS} s"

FIRST_ID=$(head -1 "$WORK/token-ids.txt")
FIRST_JWT=$(head -1 "$WORK/admin-jwts.txt")
log "starting the service (measured: process start to the first 200 on GET /v3/personal-access-tokens/{id})"
start_service "$WORK/service.log"
svc_wait_200 bench "$BASE_URL/v3/personal-access-tokens/$FIRST_ID" 120 -H "Authorization: Bearer $FIRST_JWT"
FIRST_200_MS=$ELAPSED_MS
svc_wait_200 bench "$(management_url "$BENCH_PORT")/q/health/ready" 60
QUARKUS_STARTED=$(grep -oE 'started in [0-9.]+s' "$WORK/service.log" | head -1 | grep -oE '[0-9.]+s' || echo "?")
sleep 2
IDLE_RSS_MB=$(rss_mb "$SERVICE_PID")
log "first 200 after ${FIRST_200_MS} ms (Quarkus: started in ${QUARKUS_STARTED}); idle RSS ${IDLE_RSS_MB} MB"

# ----------------------------------------------------------------------------------------------
# 6. The cases
# ----------------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
declare -A R   # results, keyed "<case>.<figure>"
BREAKDOWN=""   # markdown: statements per case

smoke() { # $1 label, then curl args: one request that must answer 200
    local label=$1 code
    shift
    code=$(curl -s -o "$WORK/smoke.json" -w '%{http_code}' --max-time 10 "$@" || true)
    [[ $code == 200 ]] || { cat "$WORK/smoke.json" >&2 2>/dev/null; echo >&2; die "$label: a single request answered $code, not 200"; }
}

TARGET=service   # what run_case measures: the service, or the peer (SERVICE_PID and BASE_URL are then the peer's)
service_gone() { # $1 case number
    if [[ $TARGET == peer ]]; then
        tail -n 20 "$WORK/peer.log" >&2
        die "the peer exited during its case (log: $WORK/peer.log)"
    fi
    svc_reap bench
    SERVICE_PID=
    tail -n 20 "$WORK/service.log" >&2
    svc_signal_note bench
    die "the service exited during case $1 with status $SVC_RC (log: $WORK/service.log)"
}

wrk_failed() { # $1 case number, $2 "warmup" or ""
    kill -0 "$SERVICE_PID" 2>/dev/null || service_gone "$1"
    cat "$WORK/case$1${2:+-$2}.txt" >&2
    die "wrk failed in case $1 (output: $WORK/case$1${2:+-$2}.txt)"
}

# $1 case number, $2 label, $3 lua script, rest: script arguments
run_case() {
    local n=$1 label=$2 script=$3
    shift 3
    local wrk_cmd=(wrk -t "$WRK_THREADS" -c "$CONNECTIONS" --timeout "$WRK_TIMEOUT" --latency -s "$script")
    if (( WARMUP > 0 )); then
        log "case $n ($label): warm-up ${WARMUP} s"
        run_child "${wrk_cmd[@]}" -d "${WARMUP}s" "$BASE_URL" -- "$@" >"$WORK/case$n-warmup.txt" || wrk_failed "$n" warmup
    fi
    log "case $n ($label): measuring ${DURATION} s"
    pgss_reset
    local svc0 pg0 busy0 total0 svc1 pg1 busy1 total1
    svc0=$(proc_ticks "$SERVICE_PID"); pg0=$(pg_ticks); read -r busy0 total0 < <(machine_ticks)
    run_child "${wrk_cmd[@]}" -d "${DURATION}s" "$BASE_URL" -- "$@" >"$WORK/case$n.txt" || wrk_failed "$n" ""
    svc1=$(proc_ticks "$SERVICE_PID"); pg1=$(pg_ticks); read -r busy1 total1 < <(machine_ticks)
    kill -0 "$SERVICE_PID" 2>/dev/null || service_gone "$n"
    local line
    line=$(grep '^BENCH ' "$WORK/case$n.txt") || die "case $n: no BENCH line in wrk's output ($WORK/case$n.txt)"
    local -A f=()
    local kv
    for kv in ${line#BENCH }; do f[${kv%%=*}]=${kv#*=}; done
    local requests=${f[requests]} calls
    (( requests > 0 )) || die "case $n: wrk completed no request ($WORK/case$n.txt)"
    calls=$(pgss_calls)
    R[$n.label]=$label
    R[$n.requests]=$requests
    R[$n.rps]=$(awk -v r="$requests" -v d="${f[duration_us]}" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
    R[$n.p50]=$(awk -v v="${f[p50_us]}" 'BEGIN { printf "%.2f", v / 1000 }')
    R[$n.p99]=$(awk -v v="${f[p99_us]}" 'BEGIN { printf "%.2f", v / 1000 }')
    R[$n.p999]=$(awk -v v="${f[p999_us]}" 'BEGIN { printf "%.2f", v / 1000 }')
    R[$n.non2xx]=${f[non2xx]}
    [[ -n ${f[wrong]:-} ]] || die "case $n: no wrong= in wrk's BENCH line ($WORK/case$n.txt)"
    R[$n.wrong]=${f[wrong]}   # answers below 400 that were not the right one (bench/wrk/common.lua)
    # wrk's own summary line, as a cross-check of the Lua counter.
    local printed
    printed=$(grep -oE 'Non-2xx or 3xx responses: [0-9]+' "$WORK/case$n.txt" | grep -oE '[0-9]+$' || echo 0)
    [[ $printed == "${f[non2xx]}" ]] || log "case $n: wrk printed $printed non-2xx, the Lua summary ${f[non2xx]}"
    R[$n.socket]=$(( f[connect] + f[read] + f[write] + f[timeout] ))
    R[$n.sql]=$(awk -v c="$calls" -v r="$requests" 'BEGIN { printf "%.2f", c / r }')
    R[$n.cpu]=$(awk -v t=$(( svc1 - svc0 )) -v hz="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.3f", t / hz / r * 1000 }')
    R[$n.pgcpu]=$(awk -v t=$(( pg1 - pg0 )) -v hz="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.3f", t / hz / r * 1000 }')
    R[$n.busy]=$(awk -v b=$(( busy1 - busy0 )) -v t=$(( total1 - total0 )) 'BEGIN { printf "%.0f%%", t ? 100 * b / t : 0 }')
    R[$n.rss]=$(rss_mb "$SERVICE_PID")
    pgss_top 8 >"$WORK/case$n-statements.tsv"
    BREAKDOWN+=$'\n'"**Case $n, $label** ($requests requests, $calls statements):"$'\n\n'
    BREAKDOWN+="| calls/request | mean ms | statement |"$'\n'"|---:|---:|---|"$'\n'
    BREAKDOWN+=$(awk -F'\t' -v r="$requests" '{ q = $3; gsub(/\|/, "\\|", q); if (length(q) > 400) q = substr(q, 1, 400) "…";
        printf "| %.3f | %s | `%s` |\n", $1 / r, $2, q }' "$WORK/case$n-statements.tsv")
    BREAKDOWN+=$'\n'
    log "case $n: ${R[$n.rps]} req/s, p99 ${R[$n.p99]} ms, non-2xx ${R[$n.non2xx]}, wrong answers ${R[$n.wrong]}, ${R[$n.sql]} statements/request"
}

run_pgbench() {
    # The statement the service ran most during case 1, its id and account parameters turned into
    # pgbench variables: the id becomes md5('pat-bench-token-' || n)::uuid for a random n, the same
    # expression load.sql made the ids with, the account a -D variable (still a bind parameter).
    local top query id_param account_param
    top=$(head -1 "$WORK/case1-statements.tsv")
    query=$(cut -f3- <<<"$top")
    [[ -n $query ]] || die "pgbench: no statement recorded for case 1"
    id_param=$(grep -oE '(^|[^A-Za-z0-9_])id ?= ?\$[0-9]+' <<<"$query" | head -1 | grep -oE '[0-9]+$' || true)
    account_param=$(grep -oE 'account_id ?= ?\$[0-9]+' <<<"$query" | head -1 | grep -oE '[0-9]+$' || true)
    [[ -n $id_param && -n $account_param ]] \
        || die "pgbench: cannot tell the id and account parameters of case 1's statement: $query"
    local script
    script=$(sed -E -e "s/\\\$${id_param}([^0-9]|\$)/md5('pat-bench-token-' || :n::text)::uuid\\1/g" \
                    -e "s/\\\$${account_param}([^0-9]|\$)/:account\\1/g" <<<"$query")
    grep -qE '\$[0-9]' <<<"$script" && die "pgbench: case 1's statement has parameters besides id and account: $query"
    printf '\\set n random(1, %d)\n%s;\n' "$TOKENS" "$script" >"$WORK/pgbench-case1.sql"
    PGBENCH_SQL=$query
    measure_pgbench pg "$WORK/pgbench-case1.sql"
}

# $1 result key (pg, pg4), $2 pgbench script: warm-up, then measured like a wrk case (tps, latency, CPU)
measure_pgbench() {
    local key=$1 file=$2
    local cmd=(pgbench -h "$PGHOST" -p "$PGPORT" -U "$BENCH_USER" -n -M prepared -c "$CONNECTIONS" -j 1
               -D "account=$ACCOUNT_ID" -f "$file" "$BENCH_DB")
    if (( PGBENCH_WARMUP > 0 )); then
        log "pgbench ($key): warm-up ${PGBENCH_WARMUP} s"
        PGPASSWORD=$BENCH_PASSWORD run_child "${cmd[@]}" -T "$PGBENCH_WARMUP" >"$WORK/$key-warmup.txt" 2>&1
    fi
    log "pgbench ($key): measuring ${DURATION} s"
    local pg0 pg1 busy0 total0 busy1 total1
    pg0=$(pg_ticks); read -r busy0 total0 < <(machine_ticks)
    PGPASSWORD=$BENCH_PASSWORD run_child "${cmd[@]}" -T "$DURATION" >"$WORK/$key.txt" 2>&1 \
        || { cat "$WORK/$key.txt" >&2; die "pgbench failed"; }
    sleep 0.3 # let the postmaster reap the pgbench backends, so their CPU time is counted
    pg1=$(pg_ticks); read -r busy1 total1 < <(machine_ticks)
    local tx
    R[$key.tps]=$(grep -oE '^tps = [0-9.]+' "$WORK/$key.txt" | head -1 | grep -oE '[0-9.]+$' | awk '{ printf "%.0f", $1 }')
    R[$key.lat]=$(grep -oE 'latency average = [0-9.]+' "$WORK/$key.txt" | grep -oE '[0-9.]+$' || echo "?")
    R[$key.failed]=$(grep -oE 'number of failed transactions: [0-9]+' "$WORK/$key.txt" | grep -oE '[0-9]+$' || echo 0)
    tx=$(grep -oE 'number of transactions actually processed: [0-9]+' "$WORK/$key.txt" | grep -oE '[0-9]+$')
    [[ -n ${R[$key.tps]} && -n $tx ]] || { cat "$WORK/$key.txt" >&2; die "could not read pgbench's tps"; }
    R[$key.pgcpu]=$(awk -v t=$(( pg1 - pg0 )) -v hz="$CLK_TCK" -v r="$tx" 'BEGIN { printf "%.3f", t / hz / r * 1000 }')
    R[$key.busy]=$(awk -v b=$(( busy1 - busy0 )) -v t=$(( total1 - total0 )) 'BEGIN { printf "%.0f%%", t ? 100 * b / t : 0 }')
    log "pgbench ($key): ${R[$key.tps]} tps"
}

# Case 4's comparison: the service's secret lookup (current or previous digest, with the user),
# for a random known secret, as pgbench runs it.
run_pgbench_lookup() {
    cat >"$WORK/pgbench-lookup.sql" <<'SQL'
\set n random(1, 2000)
select t.*, u.* from personal_access_token t join app_user u on u.id = t.user_id
 where t.secret_digest = (select d from bench_secret_digest where n = :n)
    or t.previous_secret_digest = (select d from bench_secret_digest where n = :n);
SQL
    measure_pgbench pg4 "$WORK/pgbench-lookup.sql"
}

# Case 5's comparison: the statements the service ran for the first page (the page's ids, their
# graphs, their owners' metadata, the count), as one pgbench transaction; the account parameters
# become :account, the page's offset and limit 0 and 25, the graphs' id array the first page's ids
# (always the same page). Only statements run about once per request count (not the background workers').
run_pgbench_page() {
    local top calls mean query script="" n=0 first_page
    top=$(head -1 "$WORK/case5-statements.tsv" | cut -f1)
    [[ -n $top ]] || die "pgbench: no statement recorded for case 5"
    first_page=$(pg_bench_value -c "select array_agg(id order by created_at, id)::text from (select id, created_at
        from personal_access_token where account_id = '$ACCOUNT_ID' order by created_at, id limit 25) p")
    while IFS=$'\t' read -r calls mean query; do
        (( calls * 2 >= top )) || continue
        query=$(sed -E -e 's/account_id ?= ?\$[0-9]+/account_id = :account/g' \
                       -e 's/offset \$[0-9]+ rows/offset 0 rows/g' -e 's/fetch first \$[0-9]+ rows/fetch first 25 rows/g' \
                       -e "s/unnest\(\\\$[0-9]+::uuid\[\]\)/unnest('$first_page'::uuid[])/g" <<<"$query")
        grep -qE '\$[0-9]' <<<"$query" && die "pgbench: a statement of case 5 has parameters besides account, offset and limit: $query"
        script+="$query;"$'\n'
        n=$(( n + 1 ))
    done <"$WORK/case5-statements.tsv"
    printf '%s' "$script" >"$WORK/pgbench-case5.sql"
    R[pg5.statements]=$n
    measure_pgbench pg5 "$WORK/pgbench-case5.sql"
}

FIRST_SECRET_LINE=$(head -1 "$WORK/secret-tokens.txt")
PGBENCH_SQL=""
for c in $CASES; do
    case $c in
        1)
            smoke "case 1" -H "Authorization: Bearer $FIRST_JWT" "$BASE_URL/v3/personal-access-tokens/$FIRST_ID"
            run_case 1 "GET by id, admin JWT" bench/wrk/case1-get-jwt.lua "$WORK/token-ids.txt" "$WORK/admin-jwts.txt"
            run_pgbench
            ;;
        2)
            smoke "case 2" -H "Authorization: Bearer ${FIRST_SECRET_LINE#* }" "$BASE_URL/v3/personal-access-tokens/${FIRST_SECRET_LINE%% *}"
            run_case 2 "GET by id, token secret" bench/wrk/case2-get-secret.lua "$WORK/secret-tokens.txt"
            ;;
        3)
            smoke "case 3" -H "Authorization: Bearer $FIRST_JWT" "$BASE_URL/v3/personal-access-tokens?limit=25&page=1"
            run_case 3 "list, page of 25" bench/wrk/case3-list.lua "$WORK/admin-jwts.txt"
            ;;
        4)
            smoke "case 4" -H "Authorization: Bearer $FIRST_JWT" --data-urlencode "token=${FIRST_SECRET_LINE#* }" \
                "$BASE_URL/v3/personal-access-tokens/introspect"
            grep -qF '"active":true' "$WORK/smoke.json" || die "case 4: a known secret introspected as $(cat "$WORK/smoke.json")"
            run_case 4 "introspection, warm secret memory" bench/wrk/case4-introspect.lua "$WORK/secret-tokens.txt" "$WORK/admin-jwts.txt"
            run_pgbench_lookup
            ;;
        5)
            smoke "case 5" -H "Authorization: Bearer $FIRST_JWT" "$BASE_URL/v3/personal-access-tokens?limit=25&page=1"
            run_case 5 "list, first page of 25" bench/wrk/case3-list.lua "$WORK/admin-jwts.txt" 1
            run_pgbench_page
            ;;
        *) die "unknown case '$c' in CASES (1, 2, 3, 4, 5)";;
    esac
done
FINAL_RSS_MB=$(rss_mb "$SERVICE_PID")
# The service's answers to case 1's first request and to an unknown id, to compare the peer's with.
curl -s --max-time 10 -o "$WORK/answer-service.json" -H "Authorization: Bearer $FIRST_JWT" "$BASE_URL/v3/personal-access-tokens/$FIRST_ID" || true
UNKNOWN_ID=$(random_uuid)
curl -s --max-time 10 -o "$WORK/answer-service-404.json" -w '%{http_code}' -H "Authorization: Bearer $FIRST_JWT" \
    "$BASE_URL/v3/personal-access-tokens/$UNKNOWN_ID" >"$WORK/answer-service-404.status" || true
stop_service

# ----------------------------------------------------------------------------------------------
# 6a. The peer: case 1 against bench/tools/Peer.java, measured as the service was (the service stopped)
# ----------------------------------------------------------------------------------------------
# Same database, wrk script, ids and JWTs; its CPU per request from its own process' ticks.
same_answer() { # $1 service's file, $2 peer's file: "byte-identical", "same JSON, other order or spacing" or "**different**"
    if cmp -s "$1" "$2"; then
        echo "byte-identical"
    elif command -v jq >/dev/null && [[ $(jq -S . "$1" 2>/dev/null) == "$(jq -S . "$2" 2>/dev/null)" ]] && jq -e . "$1" >/dev/null 2>&1; then
        echo "same JSON, other order or spacing"
    else
        echo "**different**"
    fi
}
if (( PEER == 1 )); then
    log "starting the peer (bench/tools/Peer.java)"
    peer_start
    log "peer: first 200 after ${PEER_FIRST_200_MS} ms"
    curl -s --max-time 10 -o "$WORK/answer-peer.json" -H "Authorization: Bearer $FIRST_JWT" "$PEER_URL/v3/personal-access-tokens/$FIRST_ID" || true
    curl -s --max-time 10 -o "$WORK/answer-peer-404.json" -w '%{http_code}' -H "Authorization: Bearer $FIRST_JWT" \
        "$PEER_URL/v3/personal-access-tokens/$UNKNOWN_ID" >"$WORK/answer-peer-404.status" || true
    PEER_SAME=$(same_answer "$WORK/answer-service.json" "$WORK/answer-peer.json")
    PEER_SAME_404="$(cat "$WORK/answer-service-404.status") and $(cat "$WORK/answer-peer-404.status"), $(same_answer "$WORK/answer-service-404.json" "$WORK/answer-peer-404.json")"
    log "peer: its answer to case 1's first request and the service's: $PEER_SAME; to an unknown id: $PEER_SAME_404"
    [[ $PEER_SAME == "**different**" ]] && diff <(jq -S . "$WORK/answer-service.json" 2>/dev/null || cat "$WORK/answer-service.json") \
        <(jq -S . "$WORK/answer-peer.json" 2>/dev/null || cat "$WORK/answer-peer.json") >&2
    TARGET=peer SERVICE_PID=$PEER_PID BASE_URL=$PEER_URL \
        run_case peer "peer: case 1 by hand (Vert.x + pg client)" bench/wrk/case1-get-jwt.lua "$WORK/token-ids.txt" "$WORK/admin-jwts.txt"
    PEER_RSS_MB=$(rss_mb "$PEER_PID")
    peer_stop
fi

# ----------------------------------------------------------------------------------------------
# 6b. Start and warm-up, with and without the AOT cache (Java 25, app.aot trained by the ITs)
# ----------------------------------------------------------------------------------------------
# Each mode: STARTS fresh starts, process start to the first 200 on case 1's request (the median
# is reported); then one more fresh start under case 1's full load for CURVE_SECONDS, in 5 s
# slices. Steady rate = the mean of the last 30 s; warm-up = the end of the first slice at 90 %
# of it or more. The modes alternate start by start, so a noisy spell hits both alike.
AOT_FILE=$(dirname "$JAR")/app.aot
MODES=()
[[ -f $AOT_FILE ]] && MODES+=(1)
MODES+=(0)
# AOT_MODES="1" (or "0") keeps one mode only, for runs that compare other things (bench/ab.sh).
if [[ -n ${AOT_MODES:-} ]]; then
    read -ra MODES <<<"$AOT_MODES"
fi
declare -A FIRST=() CURVE=() STEADY=() WARM=() JIT=() JIT_TOTAL=()
start_and_time() { # $1 mode; sets ELAPSED_MS
    BENCH_AOT=$1 start_service "$WORK/service-start-aot$1.log"
    svc_wait_200 bench "$BASE_URL/v3/personal-access-tokens/$FIRST_ID" 120 -H "Authorization: Bearer $FIRST_JWT"
}
if (( STARTS > 0 )); then
    for (( i = 1; i <= STARTS; i++ )); do
        for mode in "${MODES[@]}"; do
            start_and_time "$mode"
            FIRST[$mode]+="$ELAPSED_MS "
            stop_service
        done
    done
    for mode in "${MODES[@]}"; do
        log "first 200 with AOT cache=$mode: ${FIRST[$mode]}ms"
    done
fi
if (( CURVE_SECONDS >= 60 )) && [[ " $CASES " == *" 1 "* ]]; then
    for mode in "${MODES[@]}"; do
        start_and_time "$mode"
        slices=$(( CURVE_SECONDS / 5 ))
        rates=""
        jit=""
        jit0=$(jit_ticks "$SERVICE_PID")
        for (( i = 1; i <= slices; i++ )); do
            run_child wrk -t "$WRK_THREADS" -c "$CONNECTIONS" --timeout "$WRK_TIMEOUT" -s bench/wrk/case1-get-jwt.lua -d 5s "$BASE_URL" \
                -- "$WORK/token-ids.txt" "$WORK/admin-jwts.txt" >"$WORK/curve-aot$mode-$i.txt" || wrk_failed 1 curve
            line=$(grep '^BENCH ' "$WORK/curve-aot$mode-$i.txt")
            rates+="$(awk -v l="$line" 'BEGIN { n = split(l, kv, " "); for (j = 1; j <= n; j++) { split(kv[j], p, "="); f[p[1]] = p[2] }
                printf "%.0f", f["requests"] / (f["duration_us"] / 1e6) }') "
            jit1=$(jit_ticks "$SERVICE_PID")
            jit+="$(awk -v t=$(( jit1 - jit0 )) -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", (t > 0 ? t : 0) / hz }') "
            jit0=$jit1
        done
        stop_service
        JIT[$mode]=$jit
        JIT_TOTAL[$mode]=$(awk '{ s = 0; for (j = 1; j <= NF; j++) s += $j; printf "%.0f", s }' <<<"$jit")
        CURVE[$mode]=$rates
        STEADY[$mode]=$(awk '{ n = 0; s = 0; for (j = NF - 5; j <= NF; j++) { s += $j; n++ } printf "%.0f", s / n }' <<<"$rates")
        WARM[$mode]=$(awk -v steady="${STEADY[$mode]}" '{ for (j = 1; j <= NF; j++) if ($j >= 0.9 * steady) { print j * 5; exit } }' <<<"$rates")
        log "warm-up with AOT cache=$mode: ${WARM[$mode]} s to 90 % of ${STEADY[$mode]} req/s (slices: $rates; JIT CPU s: $jit)"
    done
fi

# ----------------------------------------------------------------------------------------------
# 7. Report
# ----------------------------------------------------------------------------------------------
DATE=$(date '+%Y-%m-%d')
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo nocommit)
[[ -z $(git status --porcelain -- src pom.xml 2>/dev/null) ]] || COMMIT+="-dirty"
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_GIB=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
JAVA_VERSION=$("$JAVA_BIN" -version 2>&1 | head -1)
WRK_VERSION=$(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }' || true)

yes_no() { if awk "BEGIN { exit !($1) }"; then echo yes; else echo "**no**"; fi; }

{
    echo "# Benchmark $DATE, commit $COMMIT"
    echo
    echo "- Machine: $(nproc) cores ($CPU_MODEL), ${MEM_GIB} GiB memory, $(uname -sr); wrk, service and PostgreSQL share the cores"
    echo "- Software: $JAVA_VERSION; PostgreSQL $PG_SERVER_VERSION; $WRK_VERSION"
    echo "- Service: \`java $(BENCH_AOT=1 svc_java_opts | sed "s|$ROOT/||" | tr '\n' ' ')-jar ${JAR#"$ROOT"/}\` (built $JAR_BUILT), **rate limit off** (PAT_RATE_LIMIT_ENABLED=false), other settings default"
    if [[ -n ${R[peer.rps]:-} ]]; then
        echo "- Peer: \`java $JAVA_OPTS -cp <bench/tools/Peer.java compiled, and the jar's lib/main: vertx-core, vertx-pg-client, vertx-sql-client, netty, jackson-core, jose4j, slf4j-api, scram> Peer\`: case 1's work by hand (JWT verified with jose4j and remembered until exp, the same statement, the same JSON) on Vert.x $(basename "$(tr ':' '\n' <<<"$PEER_CP" | grep vertx-core)" .jar | sed 's/^io.vertx.vertx-core-//'), run after the service's cases with the service stopped"
    fi
    echo "- Load: wrk $WRK_THREADS thread, $CONNECTIONS connections, ${WARMUP} s warm-up then ${DURATION} s measured per case; pgbench -M prepared -c $CONNECTIONS -j 1, ${PGBENCH_WARMUP} s warm-up then -T $DURATION"
    echo "- Dataset: 100 resellers, 1,000 organizations, 10,000 users (3 metadata rows each, tags), 100,000 tokens (2,000 with known secrets), one account; loaded in ${LOAD_SECONDS} s"
    echo
    echo "| Case | req/s | p50 ms | p99 ms | p99.9 ms | non-2xx | wrong answers | socket errors | SQL statements/req | service CPU s/1k req | PostgreSQL CPU s/1k req | machine CPU busy | service RSS after, MB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for c in $CASES; do
        echo "| $c. ${R[$c.label]} | ${R[$c.rps]} | ${R[$c.p50]} | ${R[$c.p99]} | ${R[$c.p999]} | ${R[$c.non2xx]} | ${R[$c.wrong]} | ${R[$c.socket]} | ${R[$c.sql]} | ${R[$c.cpu]} | ${R[$c.pgcpu]} | ${R[$c.busy]} | ${R[$c.rss]} |"
    done
    if [[ -n ${R[peer.rps]:-} ]]; then
        c=peer
        echo "| ${R[$c.label]} | ${R[$c.rps]} | ${R[$c.p50]} | ${R[$c.p99]} | ${R[$c.p999]} | ${R[$c.non2xx]} | ${R[$c.wrong]} | ${R[$c.socket]} | ${R[$c.sql]} | ${R[$c.cpu]} (the peer's) | ${R[$c.pgcpu]} | ${R[$c.busy]} | ${R[$c.rss]} (the peer's) |"
    fi
    if [[ -n ${R[pg.tps]:-} ]]; then
        echo "| pgbench, case 1's statement | ${R[pg.tps]} tps | avg ${R[pg.lat]} | | | failed ${R[pg.failed]} | | | 1 | | ${R[pg.pgcpu]} | ${R[pg.busy]} | |"
    fi
    if [[ -n ${R[pg4.tps]:-} ]]; then
        echo "| pgbench, the secret lookup | ${R[pg4.tps]} tps | avg ${R[pg4.lat]} | | | failed ${R[pg4.failed]} | | | 1 | | ${R[pg4.pgcpu]} | ${R[pg4.busy]} | |"
    fi
    if [[ -n ${R[pg5.tps]:-} ]]; then
        echo "| pgbench, case 5's ${R[pg5.statements]} statements as one transaction | ${R[pg5.tps]} tps | avg ${R[pg5.lat]} | | | failed ${R[pg5.failed]} | | | ${R[pg5.statements]} | | ${R[pg5.pgcpu]} | ${R[pg5.busy]} | |"
    fi
    echo
    echo "| Figure | Value |"
    echo "|---|---:|"
    if [[ -n ${R[pg.tps]:-} && -n ${R[1.rps]:-} ]]; then
        RATIO=$(awk -v a="${R[1.rps]}" -v b="${R[pg.tps]}" 'BEGIN { printf "%.2f", a / b }')
        echo "| Case 1 ÷ pgbench | $RATIO |"
    fi
    if [[ -n ${R[peer.rps]:-} ]]; then
        if [[ -n ${R[1.rps]:-} ]]; then
            echo "| Case 1, service ÷ peer, req/s | $(awk -v a="${R[1.rps]}" -v b="${R[peer.rps]}" 'BEGIN { printf "%.2f", a / b }') |"
            echo "| Case 1, service ÷ peer, process CPU per request | $(awk -v a="${R[1.cpu]}" -v b="${R[peer.cpu]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }') |"
            echo "| Case 1, service ÷ peer, PostgreSQL CPU per request | $(awk -v a="${R[1.pgcpu]}" -v b="${R[peer.pgcpu]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }') |"
        fi
        if [[ -n ${R[pg.tps]:-} ]]; then
            echo "| Peer ÷ pgbench | $(awk -v a="${R[peer.rps]}" -v b="${R[pg.tps]}" 'BEGIN { printf "%.2f", a / b }') |"
        fi
        echo "| Peer: process start to first 200 | ${PEER_FIRST_200_MS} ms |"
        echo "| Peer RSS at the end | ${PEER_RSS_MB} MB |"
        echo "| Peer's answer to case 1's first request, against the service's | ${PEER_SAME} |"
        echo "| Peer's answer to an unknown id, against the service's (statuses, body) | ${PEER_SAME_404} |"
    fi
    if [[ -n ${R[pg4.tps]:-} && -n ${R[4.rps]:-} ]]; then
        echo "| Case 4 ÷ pgbench of the secret lookup | $(awk -v a="${R[4.rps]}" -v b="${R[pg4.tps]}" 'BEGIN { printf "%.2f", a / b }') |"
    fi
    if [[ -n ${R[pg5.tps]:-} && -n ${R[5.rps]:-} ]]; then
        echo "| Case 5 ÷ pgbench of its statements | $(awk -v a="${R[5.rps]}" -v b="${R[pg5.tps]}" 'BEGIN { printf "%.2f", a / b }') |"
    fi
    echo "| Process start to first 200 (GET by id, external database) | ${FIRST_200_MS} ms (Quarkus: started in ${QUARKUS_STARTED}) |"
    echo "| Idle RSS (2 s after the first 200, before load) | ${IDLE_RSS_MB} MB |"
    echo "| Service RSS at the end | ${FINAL_RSS_MB} MB |"
    echo
    echo "Targets (issue 5):"
    echo
    [[ -n ${R[1.sql]:-} ]] && echo "- 1 SQL statement per GET with a JWT: ${R[1.sql]} — $(yes_no "${R[1.sql]} <= 1.005")"
    [[ -n ${R[2.sql]:-} ]] && echo "- 1.00 with a token secret (the request's own query; the secret from memory): ${R[2.sql]} — $(yes_no "${R[2.sql]} <= 1.005")"
    [[ -n ${R[4.sql]:-} ]] && echo "- 0.00 per introspection with a warm secret memory: ${R[4.sql]} — $(yes_no "${R[4.sql]} <= 0.005")"
    errs=0; worst=0
    for c in $CASES; do
        errs=$(( errs + R[$c.non2xx] + R[$c.wrong] + R[$c.socket] ))
        worst=$(awk -v a="$worst" -v b="${R[$c.p99]}" 'BEGIN { print (b > a ? b : a) }')
    done
    [[ -n ${R[5.rps]:-} ]] && echo "- the first page of the list at 1,000 req/s or more: ${R[5.rps]} — $(yes_no "${R[5.rps]} >= 1000")"
    echo "- zero errors: $errs — $(yes_no "$errs == 0")"
    echo "- p99 under 20 ms: worst ${worst} ms — $(yes_no "$worst < 20")"
    [[ -n ${RATIO:-} ]] && echo "- case 1 at 0.6 or more of pgbench: $RATIO — $(yes_no "$RATIO >= 0.6")"
    echo "- first 200 within 2 s: ${FIRST_200_MS} ms — $(yes_no "$FIRST_200_MS <= 2000")"
    for mode in "${MODES[@]}"; do
        label=$([[ $mode == 1 ]] && echo "with the AOT cache" || echo "without the AOT cache")
        if [[ -n ${FIRST[$mode]:-} ]]; then
            m=$(tr ' ' '\n' <<<"${FIRST[$mode]}" | grep . | median)
            echo "- first 200 $label, median of $STARTS fresh starts: $m ms (each: ${FIRST[$mode]% }) — within 2 s: $(yes_no "$m <= 2000")"
        fi
        [[ -n ${WARM[$mode]:-} ]] && echo "- warm-up $label: ${WARM[$mode]} s to 90 % of the steady ${STEADY[$mode]} req/s (5 s slices: ${CURVE[$mode]% })"
        [[ -n ${JIT[$mode]:-} ]] && echo "  - the JIT compiler threads' CPU in the same slices: ${JIT_TOTAL[$mode]} s in all (${JIT[$mode]% }), of the two cores' 10 s a slice"
    done
    if [[ -n ${WARM[1]:-} && -n ${WARM[0]:-} ]]; then
        echo "- warm-up halved by the AOT cache: ${WARM[1]} s against ${WARM[0]} s — $(yes_no "${WARM[1]} * 2 <= ${WARM[0]}")"
    fi
    maxrss=$FINAL_RSS_MB
    for c in $CASES; do (( R[$c.rss] > maxrss )) && maxrss=${R[$c.rss]}; done
    echo "- RSS under 300 MB after the run: ${maxrss} MB — $(yes_no "$maxrss < 300")"
} >"$WORK/table.md"

{
    cat "$WORK/table.md"
    echo
    echo "## Statements per case (pg_stat_statements, bench database, reset before each measured run)"
    echo "$BREAKDOWN"
    if [[ -n $PGBENCH_SQL ]]; then
        echo "## pgbench script"
        echo
        echo "Case 1's most-called statement, with its id parameter replaced by \`md5('pat-bench-token-' || :n::text)::uuid\`"
        echo "(the expression the dataset's ids were made with; \`n\` random in 1..$TOKENS) and its account parameter by the"
        echo "pgbench variable \`:account\` (-D; with -M prepared both are still bind parameters):"
        echo
        echo '```'
        cat "$WORK/pgbench-case1.sql"
        echo '```'
    fi
} >"$WORK/report.md"

RESULT_FILE="$RESULTS_DIR/$DATE-$COMMIT.md"
[[ -e $RESULT_FILE ]] && RESULT_FILE="$RESULTS_DIR/$DATE-$COMMIT-$(date '+%H%M%S').md"
cp "$WORK/report.md" "$RESULT_FILE.tmp"
mv "$RESULT_FILE.tmp" "$RESULT_FILE"

echo
cat "$WORK/table.md"
echo
log "written to $RESULT_FILE (with the statements of each case); raw outputs in $WORK/"
