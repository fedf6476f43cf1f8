# shellcheck shell=bash
# What bench/run.sh, bench/soak.sh, bench/revocation-delay.sh, bench/failover-drill.sh,
# bench/cold-cache.sh and bench/memory-bounds.sh share; sourced by them, never run.
#
#   tools          lib_install_tools: java check, Debian PostgreSQL version, apt-get of what is missing
#   the jar        lib_resolve_jar: PAT_JAR, else target/quarkus-app/quarkus-run.jar (built when missing)
#   PostgreSQL     pg_ensure_running, pg_ctl_cluster, pg_recreate_db, pg_admin[_value] (postgres OS
#                  user, local socket), pg_bench (the bench role over TCP, in BENCH_DB)
#   keys, JWTs     make_keys (throwaway RSA pair), sign_jwts (RS256 through bench/tools/BenchTool.java)
#   measuring      proc_ticks, jit_ticks, pg_ticks, machine_ticks (CPU), rss_kb, rss_mb, rss_sample, sample_rss,
#                  now_us, wait_until, ms_until_status (polling to a status), median, percentile
#   instances      svc_start NAME PORT LOG [VAR=value...], svc_wait_200, svc_stop, svc_stop_all, svc_pid
#   the API        api (one curl call), api_create_directory (reseller, organization, admin users)
#   fault proxy    proxy_start, proxy_cmd (silence, target, status), proxy_silenced_all_gone
#   revocations    read_cache, read_b_cache, revocation_sample (one revocation on A timed to B's
#                  refusal, from a cache on B proven warm), delay_summary
#   cleanup        one EXIT trap: children, background helpers, CLEANUP_HOOKS, every instance, and
#                  PostgreSQL when the script started it
#
# Before sourcing, a script may set LOG_TAG (the prefix of its log lines, default "bench"), BENCH_DB
# (its own database), WORK (its working directory, relative to the repository root, default
# bench/.work). Everything else comes from the environment, with the defaults documented in
# bench/README.md. Sourcing changes the directory to the repository root and installs the traps.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# ----------------------------------------------------------------------------------------------
# Settings shared by the scripts (environment overrides)
# ----------------------------------------------------------------------------------------------
LOG_TAG=${LOG_TAG:-bench}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
BENCH_DB=${BENCH_DB:-pat_bench}
BENCH_USER=${BENCH_USER:-pat_bench}
BENCH_PASSWORD=${BENCH_PASSWORD:-pat-bench-local-only}
BENCH_KEEP_PG=${BENCH_KEEP_PG:-0}     # 1: leave PostgreSQL running if this script started it
# The flags the README recommends; the AOT cache must be trained with the same object-header layout.
JAVA_OPTS=${JAVA_OPTS--Xms64m -Xmx128m -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000}
BENCH_AOT=${BENCH_AOT:-1}             # 1: start the service with the jar's AOT cache (app.aot) when it has one
DEFAULT_JAR=target/quarkus-app/quarkus-run.jar
PAT_JAR=${PAT_JAR:-}
PG_VERSION=${PG_VERSION:-}            # newest under /etc/postgresql when empty
PG_CLUSTER=${PG_CLUSTER:-main}
WORK=${WORK:-bench/.work}
ISSUER=https://bench.pat.local        # the JWT issuer every instance is started with

PG_STARTED_BY_US=0
PG_DATA_DIR=
CHILD_PID=
BG_PIDS=()          # background helpers (samplers, drivers) ended by the cleanup
CLEANUP_HOOKS=()    # functions the cleanup calls first, in order
JAR=

# ----------------------------------------------------------------------------------------------
# Logging, checks, privileges
# ----------------------------------------------------------------------------------------------
log() { printf '[%s %(%H:%M:%S)T] %s\n' "$LOG_TAG" -1 "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$LOG_TAG" "$*" >&2; exit 1; }

SUDO=()
if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || die "run as root, or install sudo: the script installs packages and administers PostgreSQL as the postgres user"
    SUDO=(sudo)
fi

# Dies unless every named variable holds a whole number.
require_whole_numbers() {
    local n
    for n in "$@"; do
        [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number, got '${!n}'"
    done
}

# The settings of the database connection, checked before anything is touched.
lib_check_settings() {
    require_whole_numbers PGPORT
    local n
    for n in BENCH_DB BENCH_USER; do
        [[ ${!n} =~ ^[a-z_][a-z0-9_]*$ ]] || die "$n must be a plain lower-case SQL identifier, got '${!n}'"
    done
    [[ $BENCH_PASSWORD != *"'"* ]] || die "BENCH_PASSWORD must not contain a single quote"
    case $PGHOST in
        127.0.0.1|localhost|::1) ;;
        *) die "PGHOST=$PGHOST: the benchmark only talks to a PostgreSQL on this machine (127.0.0.1, localhost or ::1)";;
    esac
}

# ----------------------------------------------------------------------------------------------
# Cleanup: one EXIT trap for every script
# ----------------------------------------------------------------------------------------------
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    if [[ -n $CHILD_PID ]] && kill -0 "$CHILD_PID" 2>/dev/null; then
        kill -TERM "$CHILD_PID" 2>/dev/null; wait "$CHILD_PID" 2>/dev/null
    fi
    local pid hook
    for pid in "${BG_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
        fi
    done
    for hook in "${CLEANUP_HOOKS[@]}"; do "$hook"; done
    svc_stop_all
    if [[ $PG_STARTED_BY_US == 1 && $BENCH_KEEP_PG != 1 ]]; then
        log "stopping PostgreSQL $PG_VERSION/$PG_CLUSTER (it was not running before; BENCH_KEEP_PG=1 keeps it)"
        "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" stop >/dev/null 2>&1
    fi
    (( rc == 0 )) || log "failed (exit $rc); logs are in $WORK/"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a command in the background and waits for it, so that a signal reaches the trap at once.
run_child() {
    "$@" &
    CHILD_PID=$!
    local rc=0
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=
    return "$rc"
}

# Starts a command in the background, to be ended by the cleanup if it is still running; its pid in BG_PID.
BG_PID=
start_background() {
    "$@" &
    BG_PID=$!
    BG_PIDS+=("$BG_PID")
}

# ----------------------------------------------------------------------------------------------
# Tools and the jar
# ----------------------------------------------------------------------------------------------
apt_install() {
    log "installing: $*"
    export DEBIAN_FRONTEND=noninteractive
    if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "$@" >/dev/null; then
        "${SUDO[@]}" apt-get update -q >/dev/null
        "${SUDO[@]}" apt-get install -y -q --no-install-recommends "$@" >/dev/null || die "could not install $*"
    fi
}

# Sets PG_VERSION (the newest Debian cluster version unless given) or dies.
lib_detect_pg() {
    lib_find_java
    [[ -d /etc/postgresql ]] && PG_VERSION=${PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -1)}
    [[ -n $PG_VERSION ]] || die "no PostgreSQL cluster found under /etc/postgresql (Debian's postgresql package is expected)"
}

# Installs, in one apt-get, what every script needs (psql, curl, openssl) when missing, plus the
# packages given as arguments (the caller decides which of its own extras are missing).
lib_install_tools() {
    [[ -n $PG_VERSION ]] || lib_detect_pg
    local missing=() pkg seen
    for pkg in "$@"; do missing+=("$pkg"); done
    command -v psql >/dev/null || missing+=("postgresql-client-$PG_VERSION")
    command -v curl >/dev/null || missing+=(curl)
    command -v openssl >/dev/null || missing+=(openssl)
    if (( ${#missing[@]} > 0 )); then
        # each package once, in the order given
        seen=" "
        local unique=()
        for pkg in "${missing[@]}"; do
            [[ $seen == *" $pkg "* ]] || { unique+=("$pkg"); seen+="$pkg "; }
        done
        apt_install "${unique[@]}"
    fi
    command -v runuser >/dev/null || die "runuser (util-linux) is missing"
}

# Sets JAR (absolute) and JAR_BUILT: PAT_JAR when given (never builds), else the default jar, built
# with ./mvnw only when it is missing.
# Sets JAVA_BIN to a Java 25 (JAVA_HOME's, the PATH's, or one where JDKs are usually installed: the
# same search as ./mvnw) or dies.
lib_find_java() {
    [[ -n ${JAVA_BIN:-} ]] && return 0
    # shellcheck source=../.mvn/java25.sh
    . "$ROOT/.mvn/java25.sh"
    JAVA_BIN=${JAVA_HOME:+$JAVA_HOME/bin/}java
    [[ $("$JAVA_BIN" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p') -ge 25 ]] 2>/dev/null \
        || die "no Java 25 found: set JAVA_HOME to a JDK 25 (the service is built for it)"
}

# The JVM options of an instance: JAVA_OPTS, plus the jar's AOT cache when BENCH_AOT=1 and it has one.
svc_java_opts() {
    local aot
    aot=$(dirname "$JAR")/app.aot
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    printf '%s\n' $JAVA_OPTS
    if [[ $BENCH_AOT == 1 && -f $aot ]]; then
        printf '%s\n' "-XX:AOTCache=$aot"
    fi
}

lib_resolve_jar() {
    if [[ -n $PAT_JAR ]]; then
        [[ -f $PAT_JAR ]] || die "PAT_JAR=$PAT_JAR does not exist"
        JAR=$PAT_JAR
    else
        JAR=$DEFAULT_JAR
        if [[ ! -f $JAR ]]; then
            # The black-box tests are the AOT cache's training run: build through them, not with -DskipTests.
            log "no $JAR: building it and its AOT cache (./mvnw -B -q verify -Dtest=NONE, the black-box tests only)"
            ./mvnw -B -q verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
            [[ -f $JAR ]] || die "the build did not produce $JAR"
        fi
    fi
    JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")
    JAR_BUILT=$(date -u -r "$(dirname "$JAR")/app" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC')
}

# ----------------------------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------------------------
# psql as the postgres OS user over the local socket (peer authentication), in database postgres.
# The PG* variables of the caller are dropped so they cannot redirect it to TCP.
pg_admin() {
    "${SUDO[@]}" runuser -u postgres -- env -u PGHOST -u PGHOSTADDR -u PGUSER -u PGDATABASE -u PGPASSWORD -u PGSERVICE \
        PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres "$@"
}
pg_admin_value() { pg_admin -A -t "$@"; }

# psql as the bench role over TCP, in the bench database.
pg_bench() {
    PGPASSWORD=$BENCH_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$BENCH_USER" -d "$BENCH_DB" "$@"
}
pg_bench_value() { pg_bench -A -t "$@"; }

# pg_ctlcluster on the cluster: start, stop, restart.
pg_ctl_cluster() {
    "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" "$1"
}

# Checks the cluster exists and listens on PGPORT, starts it when down (then stopped again by the
# cleanup unless BENCH_KEEP_PG=1); sets PG_DATA_DIR.
pg_ensure_running() {
    local cluster_port cluster_status
    read -r _ _ cluster_port cluster_status _ PG_DATA_DIR _ < <(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c')
    [[ -n ${PG_DATA_DIR:-} ]] || die "cluster $PG_VERSION/$PG_CLUSTER not found (pg_lsclusters)"
    [[ $cluster_port == "$PGPORT" ]] || die "cluster $PG_VERSION/$PG_CLUSTER listens on port $cluster_port, not PGPORT=$PGPORT"
    if [[ $cluster_status != online* ]]; then
        log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
        pg_ctl_cluster start
        PG_STARTED_BY_US=1
    fi
}

# Drops and recreates BENCH_DB, owned by BENCH_USER (created if missing, password reset).
pg_recreate_db() {
    log "recreating role $BENCH_USER and database $BENCH_DB"
    pg_admin -v db="$BENCH_DB" -v user="$BENCH_USER" -v pw="$BENCH_PASSWORD" <<'SQL'
drop database if exists :"db" with (force);
select format('create role %I login', :'user') where not exists (select from pg_roles where rolname = :'user') \gexec
alter role :"user" with login nosuperuser password :'pw';
create database :"db" owner :"user";
SQL
}

# ----------------------------------------------------------------------------------------------
# Keys and JWTs
# ----------------------------------------------------------------------------------------------
# A throwaway RSA key pair in $WORK/keys/ (private.pem, public.pem); the instances verify with the public half.
make_keys() {
    mkdir -p "$WORK/keys"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/private.pem" 2>/dev/null
    openssl pkey -in "$WORK/keys/private.pem" -pubout -out "$WORK/keys/public.pem"
}

# One RS256 JWT per subject (groups [admin], the account, issuer $ISSUER), one per line in OUT.
sign_jwts() { # $1 out file, $2 account id, $3 ttl seconds, rest: subjects
    local out=$1 account=$2 ttl=$3
    shift 3
    java bench/tools/BenchTool.java jwts "$WORK/keys/private.pem" "$ISSUER" "$account" "$ttl" "$out" "$@"
}

# md5(text) in the form of a uuid, as md5('...')::uuid in SQL.
md5_uuid() { printf '%s' "$1" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/'; }
random_uuid() { cat /proc/sys/kernel/random/uuid; }

# ----------------------------------------------------------------------------------------------
# Measuring: CPU ticks, RSS, waiting and timing, percentiles (every script's figures come from here)
# ----------------------------------------------------------------------------------------------
# utime+stime (clock ticks) of one process; 0 when it is gone.
proc_ticks() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    # Fields after the ")" that closes the command name: 3=state ... 14=utime 15=stime 16=cutime 17=cstime.
    awk '{ print $12 + $13 }' <<<"${stat##*) }"
}

# utime+stime (clock ticks) of one JVM's JIT compiler threads: the process' total (which keeps the
# ticks of threads that ended, as the JIT's do when idle) less its live threads other than the
# compilers ("C1 CompilerThre", "C2 CompilerThre"), so the figure holds whatever threads came and went.
jit_ticks() {
    local total others
    total=$(proc_ticks "$1")
    # One awk over every thread's stat (no process per thread while the load runs); a thread that
    # ends between the listing and the read is skipped.
    others=$(awk '{ i = index($0, ") "); if (substr($0, 1, i) !~ /CompilerThre/) { split(substr($0, i + 2), f, " "); s += f[12] + f[13] } }
        END { print s + 0 }' /proc/"$1"/task/*/stat 2>/dev/null)
    echo $(( total > others ? total - others : 0 ))
}

# CPU ticks of the whole PostgreSQL cluster: postmaster, its live children, and its reaped children.
pg_ticks() {
    local pm total stat child
    pm=$("${SUDO[@]}" head -1 "$PG_DATA_DIR/postmaster.pid" 2>/dev/null) || { echo 0; return; }
    stat=$(cat "/proc/$pm/stat" 2>/dev/null) || { echo 0; return; }
    total=$(awk '{ print $12 + $13 + $14 + $15 }' <<<"${stat##*) }")
    for child in $(ps -o pid= --ppid "$pm"); do
        total=$(( total + $(proc_ticks "$child") ))
    done
    echo "$total"
}

# busy and total jiffies of the machine, from /proc/stat.
machine_ticks() { awk '/^cpu / { idle = $5 + $6; total = 0; for (i = 2; i <= 9; i++) total += $i; print total - idle, total }' /proc/stat; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

# Appends one "<seconds since START_MS> <VmRSS kB>" line to OUT. $1 pid, $2 start (epoch ms), $3 out file.
rss_sample() { echo "$(( ($(date +%s%3N) - $2) / 1000 )) $(rss_kb "$1")" >>"$3"; }

# rss_sample every INTERVAL seconds while the process lives. $1 pid, $2 start (epoch ms), $3 out file, $4 interval s.
sample_rss() {
    while kill -0 "$1" 2>/dev/null; do
        rss_sample "$1" "$2" "$3"
        sleep "$4"
    done
}

# Now in microseconds since the epoch, into the named variable (no process: bash's EPOCHREALTIME).
now_us() { printf -v "$1" '%s' "${EPOCHREALTIME//[!0-9]/}"; }

# Runs a command every 0.1 s until it succeeds (0) or TIMEOUT seconds pass (1). $1 timeout s, rest: the command.
wait_until() {
    local deadline=$(( $(date +%s) + $1 ))
    shift
    until "$@"; do
        (( $(date +%s) < deadline )) || return 1
        sleep 0.1
    done
}

# Polls with curl (at most 5 s a poll), back to back, until the answer has STATUS; sets WAITED_MS,
# the ms from START_US (a now_us taken by the caller) to the end of that answer, LAST_200_MS, the ms
# to the end of the last poll answered 200 before it (0 when none was), and OTHER_ANSWERS, the polls
# answered neither 200 nor STATUS (a 503, or no answer within 5 s: 000); returns 1 when MAX_MS pass first.
# $1 start (epoch us), $2 status, $3 max ms, rest: curl arguments (the URL among them).
WAITED_MS=0
LAST_200_MS=0
OTHER_ANSWERS=0
ms_until_status() {
    local start=$1 expected=$2 max=$3 code now
    shift 3
    LAST_200_MS=0
    OTHER_ANSWERS=0
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true)
        now_us now
        WAITED_MS=$(( (now - start) / 1000 ))
        [[ $code == "$expected" ]] && return 0
        if [[ $code == 200 ]]; then
            LAST_200_MS=$WAITED_MS
        else
            OTHER_ANSWERS=$(( OTHER_ANSWERS + 1 ))
        fi
        (( WAITED_MS <= max )) || return 1
    done
}

# The median of whole numbers on stdin, one a line (the mean of the middle two, rounded down, for an even count).
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# The P-th percentile (nearest rank: the smallest value with at least P % of them at or below it) of
# whole numbers on stdin, one a line; P a whole number from 1 to 100 (100: the worst).
percentile() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { if (NR) { r = int((p * NR + 99) / 100); print v[r < 1 ? 1 : r] } }'; }

# ----------------------------------------------------------------------------------------------
# Service instances, by name
# ----------------------------------------------------------------------------------------------
declare -A SVC_PIDS=() SVC_START_NS=() SVC_LOGS=() SVC_LABEL=()

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

svc_pid() { echo "${SVC_PIDS[$1]:-}"; }
svc_label() { echo "${SVC_LABEL[$1]:-the service}"; }

# Starts the jar as instance NAME on 127.0.0.1:PORT against BENCH_DB, rate limit off, output to LOG.
# Further arguments are VAR=value pairs added to (or overriding) its environment.
# Both URLs are given: a packaged jar may carry the JDBC URL of the embedded database its build
# started as a recorded default, which the reactive URL alone would not override (Flyway would
# then never reach the bench database).
# The bench measures cost, not the per-tenant limits: the rate limit is off, and one account's lists
# may run 64 at once (by default a fifth concurrent list of one account is a 429, which wrk's 32
# connections on the bench's one account would mostly get).
# Health and metrics are on the management interface, apart from the API: its port is the API's + 1000.
management_port() { echo $(( $1 + 1000 )); }
management_url() { echo "http://127.0.0.1:$(management_port "$1")"; }

svc_start() { # $1 name, $2 port, $3 log file, rest: VAR=value
    local name=$1 port=$2 logfile=$3
    shift 3
    port_in_use "$port" && die "port $port is already in use"
    SVC_START_NS[$name]=$(date +%s%N)
    SVC_LOGS[$name]=$logfile
    local opts
    mapfile -t opts < <(svc_java_opts)
    env QUARKUS_HTTP_HOST=127.0.0.1 \
        QUARKUS_HTTP_PORT="$port" \
        QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
        QUARKUS_MANAGEMENT_PORT="$(management_port "$port")" \
        QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$BENCH_DB" \
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" \
        QUARKUS_DATASOURCE_USERNAME="$BENCH_USER" \
        QUARKUS_DATASOURCE_PASSWORD="$BENCH_PASSWORD" \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$ROOT/$WORK/keys/public.pem" \
        MP_JWT_VERIFY_ISSUER="$ISSUER" \
        MP_JWT_VERIFY_AUDIENCES=pat-bench \
        PAT_RATE_LIMIT_ENABLED=false \
        PAT_LISTS_MAX_CONCURRENT_PER_ACCOUNT=64 \
        PAT_DEMO_ENABLED=false \
        PAT_EMBEDDED_POSTGRES_ENABLED=false \
        "$@" \
        "$JAVA_BIN" "${opts[@]}" -jar "$JAR" >"$logfile" 2>&1 &
    SVC_PIDS[$name]=$!
}

# Waits for instance NAME to exit (it was seen gone); sets SVC_RC and forgets it.
SVC_RC=0
svc_reap() {
    local pid=${SVC_PIDS[$1]:-}
    SVC_RC=0
    [[ -n $pid ]] && { wait "$pid" || SVC_RC=$?; }
    unset "SVC_PIDS[$1]"
}

# Explains, for a die message, how an instance ended: by a signal of someone else's, or by itself.
svc_signal_note() {
    (( SVC_RC > 128 )) && log "$(svc_label "$1") was ended by signal $(( SVC_RC - 128 )) ($(kill -l $(( SVC_RC - 128 )) 2>/dev/null)), not by this script"
    return 0
}

svc_stop() { # $1 name
    local pid=${SVC_PIDS[$1]:-}
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 300); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "$(svc_label "$1") did not stop within 30 s, killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
    unset "SVC_PIDS[$1]"
}

svc_stop_all() {
    local name
    for name in "${!SVC_PIDS[@]}"; do svc_stop "$name"; done
}

# Polls a URL until it answers 200 and sets ELAPSED_MS (since instance NAME was started); dies when
# the instance exits or the timeout passes. $1 name, $2 url, $3 timeout s, rest: curl args.
ELAPSED_MS=0
svc_wait_200() {
    local name=$1 url=$2 timeout=$3 code
    shift 3
    local logfile=${SVC_LOGS[$name]} pid=${SVC_PIDS[$name]:-}
    local deadline=$(( $(date +%s) + timeout ))
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" || true)
        if [[ $code == 200 ]]; then
            ELAPSED_MS=$(( ($(date +%s%N) - SVC_START_NS[$name]) / 1000000 ))
            return 0
        fi
        if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
            svc_reap "$name"
            tail -n 40 "$logfile" >&2
            svc_signal_note "$name"
            die "$(svc_label "$name") exited during start with status $SVC_RC (log: $logfile)"
        fi
        if (( $(date +%s) > deadline )); then
            tail -n 40 "$logfile" >&2
            die "no 200 from $url within $timeout s (last status $code; log: $logfile)"
        fi
        sleep 0.05
    done
}

# ----------------------------------------------------------------------------------------------
# The API (curl and jq)
# ----------------------------------------------------------------------------------------------
# One request; sets API_CODE (000 on a connection error) and API_BODY. $1 method, $2 url,
# $3 bearer credential (empty: none), $4 JSON body (optional).
API_CODE=
API_BODY=
api() {
    local method=$1 url=$2 cred=$3 body=${4-}
    local args=(-s -o "$WORK/api-body.json" -w '%{http_code}' --max-time 15 -X "$method")
    [[ -n $cred ]] && args+=(-H "Authorization: Bearer $cred")
    [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    : >"$WORK/api-body.json"
    API_CODE=$(curl "${args[@]}" "$url" || true)
    API_CODE=${API_CODE:-000}
    API_BODY=$(cat "$WORK/api-body.json")
}

# Like api, but dies unless the answer has the expected status. $1 expected status, then api's arguments.
api_expect() {
    local expected=$1
    shift
    api "$@"
    [[ $API_CODE == "$expected" ]] || die "$1 $2 answered $API_CODE, not $expected: $API_BODY"
}

# Creates, through the API of the instance at BASE (an admin JWT as caller), one reseller, one
# organization under it and COUNT users of role admin in both; sets DIR_RESELLER, DIR_ORG,
# DIR_USERS (ids) and DIR_EMAILS. $1 base url, $2 admin JWT, $3 name prefix (unique per run), $4 count.
DIR_RESELLER=
DIR_ORG=
DIR_USERS=()
DIR_EMAILS=()
api_create_directory() {
    local base=$1 jwt=$2 prefix=$3 count=$4 i email
    api_expect 201 POST "$base/v3/resellers" "$jwt" \
        "$(jq -nc --arg p "$prefix" '{name: ($p + " reseller"), email: ($p + "-reseller@bench.example")}')"
    DIR_RESELLER=$(jq -r .id <<<"$API_BODY")
    api_expect 201 POST "$base/v3/organizations" "$jwt" \
        "$(jq -nc --arg p "$prefix" --arg r "$DIR_RESELLER" '{name: ($p + " organization"), resellerId: $r,
            address: {addressLine1: "1 Loopback Road", city: "Localhost", country: "DE", postalCode: "12700"}}')"
    DIR_ORG=$(jq -r .id <<<"$API_BODY")
    DIR_USERS=()
    DIR_EMAILS=()
    for i in $(seq 1 "$count"); do
        email="$prefix-user-$i@bench.example"
        api_expect 201 POST "$base/v3/users" "$jwt" \
            "$(jq -nc --arg e "$email" --arg o "$DIR_ORG" --arg r "$DIR_RESELLER" --arg i "$i" \
                '{firstName: "Bench", lastName: ("User " + $i), email: $e, role: "admin", organizationId: $o, resellerId: $r}')"
        DIR_USERS+=("$(jq -r .id <<<"$API_BODY")")
        DIR_EMAILS+=("$email")
    done
}

# ----------------------------------------------------------------------------------------------
# The fault proxy (bench/tools/FaultProxy.java): an address in front of PostgreSQL that can go silent
# ----------------------------------------------------------------------------------------------
PROXY_CONTROL_PORT=
PROXY_REPLY=

# The proxy's process, its output to LOG. $1 log file, rest: FaultProxy's arguments.
proxy_run() {
    local logfile=$1
    shift
    exec "$JAVA_BIN" bench/tools/FaultProxy.java "$@" 2>"$logfile"
}

# Starts the proxy in the background (ended by the cleanup) and waits for its control port.
# $1 control port, $2 target port, $3 log file, rest: front ports (instances connect to these).
proxy_start() {
    local control=$1 target=$2 logfile=$3 port
    shift 3
    for port in "$control" "$@"; do
        port_in_use "$port" && die "port $port is already in use on 127.0.0.1 (the fault proxy needs it)"
    done
    PROXY_CONTROL_PORT=$control
    start_background proxy_run "$logfile" "$control" "$target" "$@"
    wait_until 60 proxy_cmd status || die "the fault proxy did not start (log: $logfile)"
}

# One command to the proxy (silence [FRONT_PORT], target PORT, status); its answer in PROXY_REPLY.
proxy_cmd() {
    PROXY_REPLY=$( (exec 3<>"/dev/tcp/127.0.0.1/$PROXY_CONTROL_PORT" && printf '%s\n' "$*" >&3 \
        && IFS= read -r -t 10 line <&3 && printf '%s' "$line") 2>/dev/null) && [[ -n $PROXY_REPLY ]]
}

# One field of the proxy's status (target, accepted, refused, open, silenced_open).
proxy_status_field() {
    proxy_cmd status || return 1
    sed -E "s/.*(^| )$1=([0-9]+).*/\\2/" <<<"$PROXY_REPLY"
}

# True once every connection the proxy silenced has been let go by its client (the services closed
# every dead connection they held).
proxy_silenced_all_gone() { [[ $(proxy_status_field silenced_open) == 0 ]]; }

# ----------------------------------------------------------------------------------------------
# Revocation across two instances (bench/revocation-delay.sh, bench/failover-drill.sh)
# ----------------------------------------------------------------------------------------------
# The caller sets A and B (the instances' base URLs), B_METRICS (B's /q/metrics), API (the tokens'
# path), JWT (a user's JWT, whose tokens these are), DELAYS and USES (files appended to).
WARM_USES=20                 # uses of a secret on B before giving up on seeing it answered from memory
REFUSAL_TIMEOUT_MS=10000     # a secret B still accepts (or B answers nothing else than 401 to) this long after its revocation stops the script
REVOKE_TIMEOUT_MS=30000      # the revocation on A, sent again after a 503 or no answer, must be answered 200 within this
FAULT_US=0                   # set by a condition to the moment of its fault (epoch us); 0: none

# B's secret memory from its Prometheus text: sets CACHE_HITS (checks answered from memory, all
# series summed), CACHE_MISSES and CACHE_LISTENING (1 while B hears token changes, so its memory is
# trusted). Dies when the hits or the listener gauge cannot be read: no figure is published without them.
read_b_cache() { read_cache "$B_METRICS" B; }
read_cache() { # $1 metrics url, $2 the instance's name in messages
    local text
    text=$(curl -s -f --max-time 5 "$1") || die "cannot read $2's metrics ($1): no delay can be shown to start from a warm cache"
    CACHE_HITS=$(awk '/^pat_secret_cache_requests_total\{/ && /result="hit"/ { s += $NF; found = 1 }
        END { if (found) printf "%d", s; exit !found }' <<<"$text") \
        || die "$2's metrics ($1) have no pat_secret_cache_requests_total{result=\"hit\"}: cannot prove a warm cache"
    # shellcheck disable=SC2034 # read by the scripts that source this file
    CACHE_MISSES=$(awk '/^pat_secret_cache_requests_total\{/ && /result="miss"/ { s += $NF } END { printf "%d", s }' <<<"$text")
    CACHE_LISTENING=$(awk '/^pat_secret_cache_listener_up[ {]/ { v = $NF; found = 1 } END { if (found) printf "%d", v; exit !found }' <<<"$text") \
        || die "$2's metrics ($1) have no pat_secret_cache_listener_up: cannot prove a warm cache"
    # shellcheck disable=SC2034 # read by the scripts that source this file
    CACHE_ENTRIES=$(awk '/^pat_secret_cache_entries[ {]/ { printf "%d", $NF }' <<<"$text")
}
b_listening() { read_b_cache; [[ $CACHE_LISTENING == 1 ]]; }

# One sample: a new token on A; its secret used on B until B has answered it from memory (B's hit
# counter moved while only this secret was used on it, and B's listener is up); then CONDITION, a
# function that sets up the circumstance measured (none: two healthy instances); the token revoked
# on A (sent again after a 503 or no answer, as a client would: the delay starts at A's 200); then
# B polled back to back with curl until it answers 401. Appends one line to DELAYS: the ms from A's
# 200 to B's first 401, to the end of B's last 200 (0: none after A's 200), B's answers that were
# neither (503, none within 5 s), A's attempts at the revocation, and the ms from the condition's
# fault to A's 200 (0 without a fault).
# The secret is used on B's PROBE, GET /v3/scopes: authentication and nothing else, so a 200 is B
# accepting the secret and a 401 B refusing it, and with the secret in memory no SQL at all (as an
# introspection from memory); an endpoint that reads the database afterwards (GET .../self) would
# hang on B's dead connections under a fault and hide what B's memory answers.
PROBE=/v3/scopes
revocation_sample() { # $1 sample number, $2 condition function (optional)
    local i=$1 condition=${2:-} id secret hits_before uses revoke_start revoked_at attempts=0 tries
    for (( tries = 1; ; tries++ )); do
        api POST "$A$API" "$JWT" "{\"name\":\"delay $i\",\"scopes\":[\"personalAccessToken:read\",\"personalAccessToken:write\"]}"
        [[ $API_CODE == 201 ]] && break
        # A 503 here is A letting go of a dead pooled connection (after a fault) or the race of a
        # request with the dead-connection timer on an idle one: sent again, as a client would.
        [[ ($API_CODE == 503 || $API_CODE == 000) && $tries -lt 5 ]] || die "sample $i: create on A answered $API_CODE: ${API_BODY:0:300}"
        log "sample $i: create on A answered $API_CODE, sending it again"
        sleep 0.2
    done
    id=$(jq -r .id <<<"$API_BODY")
    secret=$(jq -r .token <<<"$API_BODY")
    read_b_cache
    hits_before=$CACHE_HITS
    for (( uses = 1; ; uses++ )); do
        api GET "$B$PROBE" "$secret"
        [[ $API_CODE == 200 || $API_CODE == 503 ]] || die "sample $i: B answered $API_CODE to a fresh secret"
        read_b_cache
        (( CACHE_HITS > hits_before )) && [[ $CACHE_LISTENING == 1 ]] && break
        (( uses < WARM_USES )) || die "sample $i: B never answered the secret from memory in $WARM_USES uses" \
            "(hits $hits_before -> $CACHE_HITS, listener up: $CACHE_LISTENING); no delay is published without a warm cache"
    done
    echo "$uses" >>"$USES"
    FAULT_US=0
    [[ -z $condition ]] || "$condition"
    now_us revoke_start
    while :; do
        attempts=$(( attempts + 1 ))
        api PATCH "$A$API/$id" "$JWT" '{"revoked":true}'
        [[ $API_CODE == 200 ]] && break
        [[ $API_CODE == 503 || $API_CODE == 000 ]] || die "sample $i: the revocation on A answered $API_CODE: ${API_BODY:0:300}"
        now_us revoked_at
        (( (revoked_at - revoke_start) / 1000 < REVOKE_TIMEOUT_MS )) \
            || die "sample $i: the revocation on A got no 200 within $REVOKE_TIMEOUT_MS ms (last answer $API_CODE)"
        sleep 0.1
    done
    now_us revoked_at
    ms_until_status "$revoked_at" 401 "$REFUSAL_TIMEOUT_MS" -H "Authorization: Bearer $secret" "$B$PROBE" \
        || die "sample $i: B did not refuse the secret within ${WAITED_MS} ms of its revocation on A" \
            "(last 200 at $LAST_200_MS ms, $OTHER_ANSWERS other answers)"
    echo "$WAITED_MS $LAST_200_MS $OTHER_ANSWERS $attempts $(( FAULT_US > 0 ? (revoked_at - FAULT_US) / 1000 : 0 ))" >>"$DELAYS"
}

# The summary of one DELAYS file (revocation_sample's lines): $1 the condition's description.
delay_column() { awk -v c="$1" '{ print $c }' "$2"; }
delay_summary() { # $1 description, $2 delays file, $3 warm-uses file
    local f=$2
    echo "$1:"
    echo "  A's 200 to B's first 401: median $(delay_column 1 "$f" | median) ms, p90 $(delay_column 1 "$f" | percentile 90) ms," \
        "worst $(delay_column 1 "$f" | percentile 100) ms, count $(wc -l <"$f") ($(awk '$1 > 1000' "$f" | wc -l) over 1 s)"
    echo "  A's 200 to the end of B's last 200 (B still accepting the revoked secret): median $(delay_column 2 "$f" | median) ms," \
        "p90 $(delay_column 2 "$f" | percentile 90) ms, worst $(delay_column 2 "$f" | percentile 100) ms" \
        "($(awk '$2 > 0' "$f" | wc -l) samples with a 200 after A's 200)"
    echo "  B's answers neither 200 nor 401 meanwhile (503, or none within 5 s): $(awk '{ s += $3 } END { print s + 0 }' "$f")" \
        "in $(awk '$3 > 0' "$f" | wc -l) samples; A's revocation needed more than one attempt in $(awk '$4 > 1' "$f" | wc -l)" \
        "samples (worst $(delay_column 4 "$f" | percentile 100) attempts)"
    if awk '$5 > 0 { found = 1 } END { exit !found }' "$f"; then
        echo "  the fault to A's 200: median $(delay_column 5 "$f" | median) ms, worst $(delay_column 5 "$f" | percentile 100) ms"
    fi
    echo "  Each sample started from a warm cache on B: before the revocation, B's" \
        "pat_secret_cache_requests_total{result=\"hit\"} moved while only that secret was used on B, with" \
        "pat_secret_cache_listener_up 1 (uses of the secret on B needed: median $(median <"$3"), worst $(percentile 100 <"$3"))."
}
