#!/usr/bin/env bash
# A/B pairs: bench/run.sh alternately on two builds (or two sets of JVM flags), so that a change is
# judged against its "before" measured minutes apart on the same noisy machine. See bench/README.md.
#
#   A_JAR=/tmp/before/quarkus-run.jar B_JAR=target/quarkus-app/quarkus-run.jar LABEL=serializer bench/ab.sh
#   A_OPTS="$JAVA_OPTS" B_OPTS="$JAVA_OPTS -XX:TieredStopAtLevel=1" LABEL=c1 bench/ab.sh
#
# Each run is a whole bench/run.sh (fresh database, dataset, fresh service start) with the cases of
# CASES and pgbench of case 1's statement as the machine's yardstick; runs go A B A B ... The summary
# (one row per run, then B ÷ A of each pair) goes to bench/results/<date>-ab-<LABEL>.md; each run's own
# table stays in bench/.ab-work/.
set -euo pipefail

PAIRS=${PAIRS:-2}
LABEL=${LABEL:-ab}
A_JAR=${A_JAR:-}
B_JAR=${B_JAR:-}
A_OPTS=${A_OPTS:-}
B_OPTS=${B_OPTS:-}
AB_CASES=${AB_CASES:-1}
AB_WARMUP=${AB_WARMUP:-60}
AB_DURATION=${AB_DURATION:-30}
AB_PEER=${AB_PEER:-0}
AB_CURVE=${AB_CURVE:-0}               # seconds of the warm-up curve per run (0 skips)
AB_AOT_MODES=${AB_AOT_MODES:-1}       # the curve with the AOT cache only (when the jar has one)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
die() { printf '[ab] ERROR: %s\n' "$*" >&2; exit 1; }
log() { printf '[ab %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
[[ -n $A_JAR || -n $A_OPTS ]] || die "set A_JAR and B_JAR (two builds) or A_OPTS and B_OPTS (two sets of flags)"
for jar in "$A_JAR" "$B_JAR"; do [[ -z $jar || -f $jar ]] || die "$jar does not exist"; done
[[ $PAIRS =~ ^[1-9][0-9]*$ ]] || die "PAIRS must be a whole number"

OUT=bench/.ab-work   # bench/run.sh empties bench/.work at each run
mkdir -p "$OUT"
SUMMARY=$OUT/summary-$LABEL.tsv
: >"$SUMMARY"

# One run of bench/run.sh; appends "side pair case req/s p99 cpu/1k rss pgbench ratio warm-up" rows.
run_side() { # $1 side (A or B), $2 pair number
    local side=$1 pair=$2 jar opts dir
    jar=$([[ $side == A ]] && echo "$A_JAR" || echo "$B_JAR")
    opts=$([[ $side == A ]] && echo "$A_OPTS" || echo "$B_OPTS")
    dir=$OUT/$LABEL-$pair-$side
    rm -rf "$dir"; mkdir -p "$dir"
    log "pair $pair, $side: ${jar:-default jar} ${opts:+($opts)}"
    env ${jar:+PAT_JAR="$jar"} ${opts:+JAVA_OPTS="$opts"} RESULTS_DIR="$dir" CASES="$AB_CASES" WARMUP="$AB_WARMUP" \
        DURATION="$AB_DURATION" STARTS=0 CURVE_SECONDS="$AB_CURVE" AOT_MODES="$AB_AOT_MODES" PEER="$AB_PEER" bench/run.sh >"$dir/stdout.txt" 2>"$dir/stderr.txt" \
        || die "bench/run.sh failed for $side in pair $pair (see $dir/stderr.txt)"
    local table pgbench warm
    table=$(ls "$dir"/*.md | head -1)
    pgbench=$(awk -F'|' '/^\| pgbench, case 1/ { gsub(/[^0-9]/, "", $3); print $3 }' "$table")
    warm=$(grep -oE 'warm-up [a-z ]+AOT cache: [0-9]+ s' "$table" | grep -oE '[0-9]+ s$' | head -1 || true)
    awk -F'|' -v side="$side" -v pair="$pair" -v pgb="${pgbench:-0}" -v warm="${warm:-}" '
        /^\| [0-9]\. / || /^\| peer:/ {
            label = $2; gsub(/^ +| +$/, "", label)
            rps = $3; gsub(/[^0-9.]/, "", rps); p99 = $5; gsub(/[^0-9.]/, "", p99)
            cpu = $11; sub(/^ +/, "", cpu); sub(/ .*/, "", cpu); rss = $14; sub(/^ +/, "", rss); sub(/ .*/, "", rss)
            printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%s\n", side, pair, label, rps, p99, cpu, rss, pgb, (pgb ? rps / pgb : 0), warm
        }' "$table" >>"$SUMMARY"
}

for (( pair = 1; pair <= PAIRS; pair++ )); do
    run_side A "$pair"
    run_side B "$pair"
done

{
    echo "# A/B pairs: $LABEL, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
    echo
    echo "- A: ${A_JAR:-the default jar} ${A_OPTS:+with \`$A_OPTS\`}"
    echo "- B: ${B_JAR:-the default jar} ${B_OPTS:+with \`$B_OPTS\`}"
    echo "- each run: bench/run.sh, cases $AB_CASES, ${AB_WARMUP} s warm-up then ${AB_DURATION} s measured, pgbench of case 1's statement as the yardstick; runs in the order A B A B …"
    echo
    echo "| run | case | req/s | p99 ms | service CPU s/1k req | RSS after, MB | pgbench tps | req/s ÷ pgbench | warm-up to 90 % |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s%s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }' "$SUMMARY"
    echo
    echo "B ÷ A within each pair:"
    echo
    echo "| pair | case | req/s | CPU per request | req/s ÷ pgbench | RSS |"
    echo "|---|---|---:|---:|---:|---:|"
    awk -F'\t' '{ key = $2 SUBSEP $3; if ($1 == "A") { a[key] = $0 } else if (key in a) {
            split(a[key], x, "\t")
            printf "| %s | %s | %.2f | %.2f | %.2f | %.2f |\n", $2, $3, $4 / x[4], (x[6] ? $6 / x[6] : 0), (x[9] ? $9 / x[9] : 0), (x[7] ? $7 / x[7] : 0) } }' "$SUMMARY"
} >"$OUT/$LABEL.md"
mkdir -p bench/results
RESULT=bench/results/$(date -u '+%Y-%m-%d')-ab-$LABEL.md
cp "$OUT/$LABEL.md" "$RESULT"
cat "$RESULT"
log "written to $RESULT"
