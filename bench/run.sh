#!/usr/bin/env bash
# The benchmark harness of issue #7: generates province workbooks with shared strings (1k … 1M rows)
# and times, side by side in one run, qianshou's full check (read, every rule, JSON report), a bare
# excelize Rows() read of the same file and openpyxl's read-only pass, with ratios and peak RSS;
# then the national batch (31 × 3,000 rows) on 1 and 2 jobs, and a 1k-row check with hyperfine.
#
#   bench/run.sh                      # SIZES="1000 10000 100000 1000000"
#   SIZES="1000 100000" RUNS=5 bench/run.sh
#
# RUNS (default 3) runs of each measurement; the table shows the median time with min–max, and the
# largest peak RSS. Sizes ≥ 1M rows run BIG_RUNS times (default 1): one run takes minutes.
# Workbooks are cached in BENCH_DIR (default $TMPDIR/qianshou-bench-harness).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 100000 1000000"}
RUNS=${RUNS:-3}
BIG_RUNS=${BIG_RUNS:-1}
NATIONAL_ROWS=${NATIONAL_ROWS:-3000}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/qianshou-bench-harness}
AS_OF=2022-01-20

[ -x /usr/bin/time ] || { echo "bench/run.sh needs GNU time (/usr/bin/time; apt-get install -y time)" >&2; exit 2; }
mkdir -p "$BENCH_DIR"
go build -o "$BENCH_DIR/qianshou" ./cmd/qianshou
go build -o "$BENCH_DIR/qsbench" ./bench/qsbench
QS=$BENCH_DIR/qianshou
QSB=$BENCH_DIR/qsbench

# openpyxl: Debian's python3-openpyxl lives in /usr/bin/python3, which a pyenv python3 may shadow.
PY=""
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || echo "openpyxl not found: its column is skipped (apt-get install -y python3-openpyxl)" >&2

# measure N CMD...: runs CMD N times; prints "median min max maxrss_mb" (GNU time's maximum resident
# set size, as `time -v` reports it). Exit status 1 is allowed (qianshou check: violations found);
# anything else stops the harness.
measure() {
	local n=$1; shift
	local times=() rss=0 status t m
	for _ in $(seq "$n"); do
		status=0
		/usr/bin/time -o "$BENCH_DIR/time.txt" -f '%e %M' "$@" >/dev/null 2>"$BENCH_DIR/stderr.txt" || status=$?
		if (( status > 1 )); then
			echo "failed (exit $status): $*" >&2; cat "$BENCH_DIR/stderr.txt" >&2; return 1
		fi
		read -r t m < <(tail -1 "$BENCH_DIR/time.txt")
		times+=("$t"); (( m > rss )) && rss=$m
	done
	printf '%s\n' "${times[@]}" | sort -n | awk -v rss="$rss" '{a[NR]=$1} END {printf "%s %s %s %d\n", a[int((NR+1)/2)], a[1], a[NR], rss/1024}'
}

CHECK=("$QS" check --as-of "$AS_OF" --quiet -j 1 -f json -o "$BENCH_DIR/report.json")

cell() { awk -v m="$1" -v lo="$2" -v hi="$3" 'BEGIN {printf (lo == hi ? "%.2f" : "%.2f (%.2f–%.2f)"), m, lo, hi}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf (b > 0 ? "%.2f×" : "–"), a / b}'; }

echo "# qianshou benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg); go $(go env GOVERSION); openpyxl: ${PY:-absent}"
echo
echo "Full check of one province workbook (甘肃省: 结对关系, 援派人员, 帮扶记录, 资金, 受援人员, 服务站; shared strings) vs reading it. Seconds: median (min–max) of the runs; RSS: peak MB."
echo
echo "| rows | cells | runs | qianshou check | RSS | excelize raw Rows() | RSS | openpyxl read-only | RSS | check ÷ raw | check ÷ openpyxl |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
	f=$BENCH_DIR/甘肃省-$n.xlsx a=$BENCH_DIR/任务分配表-$n.xlsx
	[ -f "$f" ] || "$QSB" gen -province 甘肃省 -rows "$n" -o "$f" -a "$a"
	runs=$RUNS; (( n >= 1000000 )) && runs=$BIG_RUNS
	read -r rows cells <<<"$("$QSB" raw "$f" | awk '{print $1, $3}')"
	out=$(measure "$runs" "${CHECK[@]}" -a "$a" "$f") && read -r cm clo chi crss <<<"$out"
	out=$(measure "$runs" "$QSB" raw "$f") && read -r rm rlo rhi rrss <<<"$out"
	if [ -n "$PY" ]; then
		out=$(measure "$runs" "$PY" bench/openpyxl_read.py "$f") && read -r om olo ohi orss <<<"$out"
		ocell="$(cell "$om" "$olo" "$ohi") | $orss" oratio=$(ratio "$cm" "$om")
	else
		ocell="skipped | –" oratio="–"
	fi
	echo "| $rows | $cells | $runs | $(cell "$cm" "$clo" "$chi") | $crss | $(cell "$rm" "$rlo" "$rhi") | $rrss | $ocell | $(ratio "$cm" "$rm") | $oratio |"
done

echo
echo "National batch: 31 workbooks × ~$NATIONAL_ROWS rows and the allocation table, full check, JSON report."
echo
d=$BENCH_DIR/national-$NATIONAL_ROWS
[ -d "$d" ] || "$QSB" national -rows "$NATIONAL_ROWS" -dir "$d"
echo "| --jobs | seconds | RSS |"
echo "|---:|---:|---:|"
for j in 1 2; do
	out=$(measure "$RUNS" "$QS" check --as-of "$AS_OF" --quiet -j "$j" -f json -o "$d/report-j$j.json" -a "$d/任务分配表.xlsx" "$d/provinces") &&
		read -r m lo hi rss <<<"$out"
	echo "| $j | $(cell "$m" "$lo" "$hi") | $rss |"
done
if cmp -s "$d/report-j1.json" "$d/report-j2.json"; then
	echo; echo "JSON report with --jobs 2 is byte-identical to --jobs 1."
else
	echo; echo "DIFFERENT: the JSON reports of --jobs 1 and --jobs 2 differ ($d/report-j{1,2}.json)."
fi

echo
if command -v hyperfine >/dev/null; then
	f=$BENCH_DIR/甘肃省-1000.xlsx
	[ -f "$f" ] || "$QSB" gen -province 甘肃省 -rows 1000 -o "$f" -a "$BENCH_DIR/任务分配表-1000.xlsx"
	echo "A 1k-row province workbook, end to end, process start included (hyperfine):"
	echo
	hyperfine -N --warmup 3 --runs 30 -i --style basic \
		"$QS check --as-of $AS_OF --quiet -f json -o $BENCH_DIR/report.json -a $BENCH_DIR/任务分配表-1000.xlsx $f" 2>&1 |
		grep -E 'Time|Range' | sed 's/^ */    /'
else
	echo "hyperfine not found: the 1k-row start-up measurement is skipped (apt-get install -y hyperfine)"
fi
echo
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
