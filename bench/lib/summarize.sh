#!/usr/bin/env bash
# Turns bench/compare.sh's results.tsv (run, broker, workload, metric, value) into a markdown report: medians over
# the runs per broker, the runnel/kafka ratio, the target, the per-run values and every failure.
#   lib/summarize.sh RAW_DIR RECORDS LATENCY_RECORDS LATENCY_RATE
set -euo pipefail
raw_dir=$1 records=$2 latency_records=$3 latency_rate=$4

echo "### Runnel vs Apache Kafka 4.4.0 ($(sed -n 's/^date: //p' "$raw_dir/env.txt"))"
echo
sed 's/^/    /' "$raw_dir/env.txt"
echo
echo "Workloads: 1 KiB records, 6 partitions, acks=all linger.ms=5 batch.size=262144; produce and consume"
echo "$records records; latency: $latency_records records throttled to $latency_rate records/s."
echo
awk -F'\t' '
  function median(key,   n, i, j, t, a) {
    n = split(vals[key], a, " ")
    if (n == 0) return ""
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function fmt(v) { return v == "" ? "-" : (v + 0 >= 100 || v + 0 == int(v + 0) ? sprintf("%.0f", v) : sprintf("%.2f", v)) }
  $4 == "FAIL" { fails[++nf] = "run " $1 ", " $2 ", " $3 ": " $5; next }
  $4 == "NOTE" { notes[++nn] = "run " $1 ", " $2 ", " $3 ": " $5; next }
  {
    key = $3 SUBSEP $4 SUBSEP $2
    vals[key] = vals[key] (vals[key] == "" ? "" : " ") $5
    runs[key] = runs[key] (runs[key] == "" ? "" : " / ") fmt($5)
  }
  END {
    # workload, metric, label, target (ratio runnel/kafka), direction
    rows = "produce|records_per_s|produce records/s|>= 1.0;" \
           "produce|records_per_cpu_s|produce records per broker CPU second|>= 2.0;" \
           "produce|broker_cpu_s|produce broker CPU seconds|;" \
           "produce|broker_jit_cpu_s|of which JIT compiler threads|;" \
           "produce|p99_ms|produce p99 ack latency at full speed (ms)|;" \
           "produce|error_responses|produce error responses retried|;" \
           "produce-warm|records_per_s|second produce, warm broker: records/s|;" \
           "produce-warm|records_per_cpu_s|second produce, warm broker: records per broker CPU second|;" \
           "produce-warm|broker_cpu_s|second produce, warm broker: broker CPU seconds|;" \
           "produce-warm|broker_jit_cpu_s|of which JIT compiler threads|;" \
           "consume|records_per_s|consume records/s (incl. group join)|>= 1.0;" \
           "consume|fetch_records_per_s|consume records/s (fetch time only)|;" \
           "consume|records_per_cpu_s|consume records per broker CPU second|;" \
           "consume|rebalance_ms|consumer group join (ms)|;" \
           "latency|records_per_s|throttled produce records/s|;" \
           "latency|p50_ms|throttled p50 ack latency (ms)|;" \
           "latency|p99_ms|throttled p99 ack latency (ms)|<= 1.0;" \
           "latency|p999_ms|throttled p99.9 ack latency (ms)|;" \
           "latency|records_per_cpu_s|throttled records per broker CPU second|;" \
           "latency|error_responses|throttled produce error responses retried|"
    n = split(rows, r, ";")
    print "| metric | Runnel (median) | Kafka (median) | Runnel / Kafka | target | met |"
    print "|---|---:|---:|---:|---|---|"
    for (i = 1; i <= n; i++) {
      split(r[i], f, "|")
      a = median(f[1] SUBSEP f[2] SUBSEP "runnel"); b = median(f[1] SUBSEP f[2] SUBSEP "kafka")
      ratio = (a != "" && b != "" && b + 0 != 0) ? sprintf("%.2f", a / b) : "-"
      met = ""
      if (f[4] != "" && ratio != "-") {
        split(f[4], t, " ")
        met = (t[1] == ">=" ? ratio + 0 >= t[2] + 0 : ratio + 0 <= t[2] + 0) ? "yes" : "**no**"
      } else if (f[4] != "") met = "**no result**"
      printf "| %s | %s | %s | %s | %s | %s |\n", f[3], fmt(a), fmt(b), ratio, f[4] == "" ? "" : "ratio " f[4], met
    }
    print ""
    print "Per run (run 1 / run 2 / ...):"
    print ""
    print "| metric | Runnel | Kafka |"
    print "|---|---|---|"
    for (i = 1; i <= n; i++) {
      split(r[i], f, "|")
      a = runs[f[1] SUBSEP f[2] SUBSEP "runnel"]; b = runs[f[1] SUBSEP f[2] SUBSEP "kafka"]
      printf "| %s | %s | %s |\n", f[3], a == "" ? "-" : a, b == "" ? "-" : b
    }
    if (nn) {
      print ""
      print "Notes:"
      print ""
      for (i = 1; i <= nn; i++) print "- " notes[i]
    }
    if (nf) {
      print ""
      print "Failures:"
      print ""
      for (i = 1; i <= nf; i++) print "- " fails[i]
    }
  }' "$raw_dir/results.tsv"
