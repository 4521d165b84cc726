#!/usr/bin/env bash
# Runnel vs Apache Kafka 4.4.0 with Kafka's own perf tools (kafka-tools 4.3.1, the newest on Maven Central).
#
#   bench/compare.sh [--runs 3] [--records 2000000] [--latency-records 2000000] [--latency-rate 20000]
#                    [--brokers "runnel kafka"]
#
# For each run, for each broker in turn (alternating, so that drifting machine load hits both alike), on a fresh
# broker with empty data dirs:
#   produce   ProducerPerformance, --records 1 KiB records at full speed into topic t (6 partitions, rf 1),
#             acks=all linger.ms=5 batch.size=262144
#   consume   ConsumerPerformance, the same --records from topic t from the beginning (a consumer group)
#   produce-warm  the produce workload again, into topic t-warm of the same broker, after `sync` has written the
#             first one back: the broker's CPU once its request path is compiled (the first produce runs on a cold
#             JVM, where compiling it is about half the broker's CPU; consume and latency already run warm)
#   latency   ProducerPerformance throttled to --latency-rate records/s into topic t-lat: p50/p99/p99.9 ack latency
#             (100 s by default: with fewer records the worst 1% is mostly the producer JVM's own start-up stall)
# After each produce, the log end offsets of its topic must add up to --records (GetOffsetShell: no loss, no
# duplicates).
# Each workload samples the broker's utime+stime (/proc/<pid>/stat) before and after, for records per broker
# CPU second. Prints the medians and runnel/kafka ratios and writes them to bench/results/compare-<date>-<time>.md.
# Raw tool output stays in bench/work/results/<stamp>/. A workload that fails is reported as FAIL with its error;
# the rest of the run goes on. Both brokers are always stopped on exit.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.sh"

runs=3 records=2000000 latency_records=2000000 latency_rate=20000 brokers="runnel kafka"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --records) records=$2; shift 2 ;;
    --latency-records) latency_records=$2; shift 2 ;;
    --latency-rate) latency_rate=$2; shift 2 ;;
    --brokers) brokers=$2; shift 2 ;;
    *) sed -n '2,20p' "$0" >&2; exit 1 ;;
  esac
done

stamp="$(date +%Y%m%d-%H%M%S)"
raw_dir="$work_dir/results/$stamp"
results_tsv="$raw_dir/results.tsv"
report="$bench_dir/results/compare-$stamp.md"
mkdir -p "$raw_dir" "$bench_dir/results"
clk_tck="$(getconf CLK_TCK)"
tool_cp="$work_dir/tools-libs/*"
tool_opts=(-Dlog4j2.configurationFile="$bench_dir/kafka-peer/tools-log4j2.properties" -Xmx1G -cp "$tool_cp")
client_props=(acks=all linger.ms=5 batch.size=262144)

port_of() { [ "$1" = runnel ] && echo "${BENCH_RUNNEL_PORT:-29092}" || echo "${BENCH_KAFKA_PORT:-19092}"; }
peer_script() { echo "$bench_dir/$1-peer.sh"; }

stop_all() {
  local b
  for b in runnel kafka; do "$(peer_script "$b")" stop >/dev/null 2>&1 || true; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# utime+stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat, counted after the comm field).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# utime+stime of each of the JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"), as "tid ticks"
# lines. Both brokers run on the same JVM, so this splits their CPU into compiling and serving.
jit_thread_ticks() { # pid
  local task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ CompilerThre* | C2\ CompilerThre*) echo "${task##*/} $(sed 's/^.*) //' "$task/stat" | awk '{ print $12 + $13 }')" ;;
    esac
  done
}
# JIT CPU seconds between two jit_thread_ticks snapshots. A compiler thread that exited in between (HotSpot stops
# idle ones) is left out, so this can only undercount.
jit_cpu_s() { # before-snapshot after-snapshot
  awk -v h="$clk_tck" 'NR == FNR { before[$1] = $2; next } { t += $2 - (($1 in before) ? before[$1] : 0) }
    END { printf "%.2f", t / h }' <(echo "$1") <(echo "$2")
}

record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$results_tsv"; } # run broker workload metric value
# Produce error responses the producer retried (it logs each as a WARN): counted, and their error names noted.
note_retries() { # run broker workload output-file
  local n names
  n=$(grep -c 'Got error produce response' "$4" || true)
  record "$1" "$2" "$3" error_responses "$n"
  if [ "$n" -gt 0 ]; then
    names="$(grep -o 'Got error produce response.*Error: [A-Z_]*' "$4" | sed 's/.*Error: //' | sort | uniq -c \
      | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')"
    record "$1" "$2" "$3" NOTE "$n produce error responses retried by the producer: $names"
  fi
}

fail() { # run broker workload output-file
  local why
  why="$(grep -m1 -E 'Exception|ERROR|Error|error' "$4" 2>/dev/null | cut -c1-300 || true)"
  [ -n "$why" ] || why="$(tail -n 1 "$4" 2>/dev/null | cut -c1-300 || true)"
  record "$1" "$2" "$3" FAIL "${why:-exit status non-zero, see $4}"
  log "$2 $3 FAILED: ${why:-see $4}"
}

tool() { # timeout-seconds output-file main-class args...
  local secs=$1 out=$2 cls=$3
  shift 3
  timeout --kill-after=10 "$secs" "$java" "${tool_opts[@]}" "org.apache.kafka.tools.$cls" "$@" > "$out" 2>&1
}

create_topic() { # broker port topic out
  local deadline=$(( SECONDS + 60 ))
  until tool 60 "$4" TopicCommand --bootstrap-server "127.0.0.1:$2" --create --topic "$3" --partitions 6 \
      --replication-factor 1; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 1
  done
}

# ProducerPerformance's last line: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency,
# P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th."
parse_producer() { # out-file -> "rate avg p50 p99 p999 sent"
  grep -E 'records sent, .* 99\.9th' "$1" | tail -n 1 | sed -E \
    's/^([0-9]+) records sent, ([0-9.]+) records\/sec .*, ([0-9.]+) ms avg latency, .* ([0-9.]+) ms 50th, .* ([0-9.]+) ms 99th, ([0-9.]+) ms 99\.9th.*/\2 \3 \4 \5 \6 \1/'
}

# Every acknowledged record is in the log exactly once: the topic's log end offsets add up to --records.
check_log_end_offsets() { # run broker port topic workload
  local out="$raw_dir/$1-$2-$5-offsets.out" sum
  if tool 60 "$out" GetOffsetShell --bootstrap-server "127.0.0.1:$3" --topic "$4" --time -1 \
      && sum="$(awk -F: 'NF == 3 { s += $3 } END { print s + 0 }' "$out")" && [ "$sum" -eq "$records" ]; then
    return 0
  fi
  record "$1" "$2" "$5" FAIL "log end offsets of topic $4 add up to ${sum:-?}, not $records (see $out)"
  return 1
}

workload_produce() { # run broker port pid topic workload
  local topic=$5 workload=$6
  local out="$raw_dir/$1-$2-$workload.out" before after p jit_before jit_after
  jit_before="$(jit_thread_ticks "$4")"
  before=$(cpu_ticks "$4")
  if tool 900 "$out" ProducerPerformance --topic "$topic" --num-records "$records" --record-size 1024 --throughput -1 \
      --command-property bootstrap.servers="127.0.0.1:$3" "${client_props[@]}" && p="$(parse_producer "$out")" \
      && [ -n "$p" ]; then
    after=$(cpu_ticks "$4")
    jit_after="$(jit_thread_ticks "$4")"
    read -r rate _avg p50 p99 p999 sent <<< "$p"
    [ "$sent" -eq "$records" ] || { fail "$1" "$2" "$workload" "$out"; return 1; }
    note_retries "$1" "$2" "$workload" "$out"
    check_log_end_offsets "$1" "$2" "$3" "$topic" "$workload" || return 1
    record "$1" "$2" "$workload" records_per_s "$rate"
    record "$1" "$2" "$workload" p99_ms "$p99"
    record "$1" "$2" "$workload" broker_cpu_s "$(awk -v t=$(( after - before )) -v h="$clk_tck" 'BEGIN { printf "%.2f", t / h }')"
    record "$1" "$2" "$workload" broker_jit_cpu_s "$(jit_cpu_s "$jit_before" "$jit_after")"
    record "$1" "$2" "$workload" records_per_cpu_s \
      "$(awk -v n="$records" -v t=$(( after - before )) -v h="$clk_tck" 'BEGIN { printf "%.0f", t ? n / (t / h) : 0 }')"
  else
    fail "$1" "$2" "$workload" "$out"; return 1
  fi
}

workload_consume() { # run broker port pid
  local out="$raw_dir/$1-$2-consume.out" before after line
  before=$(cpu_ticks "$4")
  # Header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
  #         fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  if tool 600 "$out" ConsumerPerformance --bootstrap-server "127.0.0.1:$3" --topic t --num-records "$records" \
      --timeout 30000 && line="$(grep -E '^[0-9]{4}-' "$out" | tail -n 1)" && [ -n "$line" ]; then
    after=$(cpu_ticks "$4")
    local n rate rebalance fetch_rate
    IFS=',' read -r _ _ _ _ n rate rebalance _ _ fetch_rate <<< "$line"
    n=${n// /} rate=${rate// /} rebalance=${rebalance// /} fetch_rate=${fetch_rate// /}
    [ "$n" -ge "$records" ] || { record "$1" "$2" consume FAIL "consumed only $n of $records records"; return 1; }
    record "$1" "$2" consume records_per_s "$rate"
    record "$1" "$2" consume fetch_records_per_s "$fetch_rate"
    record "$1" "$2" consume rebalance_ms "$rebalance"
    record "$1" "$2" consume broker_cpu_s "$(awk -v t=$(( after - before )) -v h="$clk_tck" 'BEGIN { printf "%.2f", t / h }')"
    record "$1" "$2" consume records_per_cpu_s \
      "$(awk -v n="$n" -v t=$(( after - before )) -v h="$clk_tck" 'BEGIN { printf "%.0f", t ? n / (t / h) : 0 }')"
  else
    fail "$1" "$2" consume "$out"; return 1
  fi
}

workload_latency() { # run broker port pid
  local out="$raw_dir/$1-$2-latency.out" before after p
  create_topic "$2" "$3" t-lat "$raw_dir/$1-$2-topic-lat.out" || { fail "$1" "$2" latency "$raw_dir/$1-$2-topic-lat.out"; return 1; }
  before=$(cpu_ticks "$4")
  if tool 900 "$out" ProducerPerformance --topic t-lat --num-records "$latency_records" --record-size 1024 \
      --throughput "$latency_rate" --command-property bootstrap.servers="127.0.0.1:$3" "${client_props[@]}" \
      && p="$(parse_producer "$out")" && [ -n "$p" ]; then
    after=$(cpu_ticks "$4")
    read -r rate _avg p50 p99 p999 sent <<< "$p"
    note_retries "$1" "$2" latency "$out"
    record "$1" "$2" latency records_per_s "$rate"
    record "$1" "$2" latency p50_ms "$p50"
    record "$1" "$2" latency p99_ms "$p99"
    record "$1" "$2" latency p999_ms "$p999"
    record "$1" "$2" latency records_per_cpu_s \
      "$(awk -v n="$sent" -v t=$(( after - before )) -v h="$clk_tck" 'BEGIN { printf "%.0f", t ? n / (t / h) : 0 }')"
  else
    fail "$1" "$2" latency "$out"; return 1
  fi
}

run_broker() { # run broker
  local run=$1 broker=$2 port pid
  port=$(port_of "$broker")
  log "run $run/$runs: $broker"
  if ! "$(peer_script "$broker")" start 2> "$raw_dir/$run-$broker-start.out"; then
    cat "$raw_dir/$run-$broker-start.out" >&2
    fail "$run" "$broker" start "$raw_dir/$run-$broker-start.out"; return 0
  fi
  pid="$("$(peer_script "$broker")" pid)"
  if create_topic "$broker" "$port" t "$raw_dir/$run-$broker-topic.out"; then
    workload_produce "$run" "$broker" "$port" "$pid" t produce || true
    workload_consume "$run" "$broker" "$port" "$pid" || true
  else
    fail "$run" "$broker" produce "$raw_dir/$run-$broker-topic.out"
  fi
  sync
  if create_topic "$broker" "$port" t-warm "$raw_dir/$run-$broker-topic-warm.out"; then
    workload_produce "$run" "$broker" "$port" "$pid" t-warm produce-warm || true
  else
    fail "$run" "$broker" produce-warm "$raw_dir/$run-$broker-topic-warm.out"
  fi
  workload_latency "$run" "$broker" "$port" "$pid" || true
  kill -0 "$pid" 2>/dev/null || record "$run" "$broker" broker FAIL "broker process $pid died during the run"
  "$(peer_script "$broker")" stop || true
}

ensure_kafka_jars
log "results: $raw_dir; brokers: $brokers; runs: $runs; records: $records; latency: $latency_records at $latency_rate/s"
{
  echo "date: $(date -Is)"
  echo "host: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
  echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "jdk: $("$java" -version 2>&1 | head -n 1)"
  echo "runnel: $(git -C "$repo_dir" rev-parse --short HEAD)"
  echo "loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$raw_dir/env.txt"
: > "$results_tsv"
for run in $(seq 1 "$runs"); do
  for broker in $brokers; do run_broker "$run" "$broker"; done
done
echo "loadavg after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$raw_dir/env.txt"

"$bench_dir/lib/summarize.sh" "$raw_dir" "$records" "$latency_records" "$latency_rate" | tee "$report"
cp "$report" "$raw_dir/"
log "report: $report"
