#!/usr/bin/env bash
# Measures the disk's sequential-write ceiling with dd, then builds the storage JMH benchmarks and runs them with
# flags sized for a small (2-core) shared machine. Results go to bench/results/ (gitignored).
#
# Usage: bench/run-storage-jmh.sh [all|dd|jmh|gc] [extra JMH args, e.g. -p batchKiB=64]
#   all  (default) dd ceilings, throughput run, -prof gc run
#   dd   only the dd ceilings
#   jmh  only the throughput run
#   gc   only the allocation (-prof gc) run
# Environment: RUNNEL_BENCH_DIR  where logs and dd files are written (default bench/work, same disk as the repo)
#              BENCH             which benchmarks (JMH regex, default all of io.runnel.bench.storage, e.g. LogAppend)
#              JMH_FLAGS         run-length flags of the throughput run (default "-f 1 -wi 2 -i 3 -w 5s -r 10s")
#              GC_FLAGS          run-length flags of the -prof gc run (default "-f 1 -wi 1 -i 2 -w 3s -r 5s": bytes per
#                                op settle quickly, and the whole script stays under ~15 minutes on 2 cores)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."
mode="${1:-all}"
[ $# -gt 0 ] && shift
results="$here/results"
workdir="${RUNNEL_BENCH_DIR:-$here/work}"
stamp="$(date +%Y%m%d-%H%M%S)"
jmh_flags="${JMH_FLAGS:--f 1 -wi 2 -i 3 -w 5s -r 10s}"
benchmarks="${BENCH:-io.runnel.bench.storage.*}"
gc_flags="${GC_FLAGS:--f 1 -wi 1 -i 2 -w 3s -r 5s}"
mkdir -p "$results" "$workdir"

machine_info() {
  {
    echo "date: $(date -Is)"
    echo "uptime: $(uptime)"
    echo "nproc: $(nproc)"
    grep -m1 'model name' /proc/cpuinfo || true
    free -h | sed -n '1,2p'
    df -h "$workdir" | tail -1
    findmnt -no SOURCE,FSTYPE,OPTIONS --target "$workdir" || true
  } >> "$1"
}

# Sequential-write ceiling of the disk the benchmark writes to: 2 GiB with fdatasync (device) and without (page
# cache), 3 runs each, median of the three.
run_dd() {
  local out="$results/dd-$stamp.txt" f="$workdir/dd-ceiling.bin"
  machine_info "$out"
  for variant in fdatasync pagecache; do
    local conv="" speeds=()
    [ "$variant" = fdatasync ] && conv="conv=fdatasync"
    for run in 1 2 3; do
      rm -f "$f"; sync
      local line
      line="$(LC_ALL=C dd if=/dev/zero of="$f" bs=1M count=2048 $conv 2>&1 | tail -1)"
      echo "$variant run $run: $line" | tee -a "$out"
      # "2147483648 bytes (2.1 GB, 2.0 GiB) copied, 1.5 s, 1.4 GB/s": recompute MB/s (10^6) from bytes and seconds
      speeds+=("$(echo "$line" | awk -F', ' '{split($3, s, " "); printf "%.0f", 2147483648 / s[1] / 1e6}')")
    done
    rm -f "$f"
    local median
    median="$(printf '%s\n' "${speeds[@]}" | sort -n | sed -n 2p)"
    echo "$variant median MB/s: $median (runs: ${speeds[*]})" | tee -a "$out"
  done
}

build() {
  (cd "$root" && bin/runnel-mvn -B -q -pl bench/jmh -am package -DskipTests)
}

java_home="$("$root/bin/runnel-java-home")"
# JMH itself uses sun.misc.Unsafe (warned about from JDK 23) and zstd-jni loads a native library (warned about
# from JDK 24): allow both so the warnings do not interleave with the results.
jdk_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")"
jvm_flags=""
[ "${jdk_major:-0}" -ge 23 ] && jvm_flags="--sun-misc-unsafe-memory-access=allow"
[ "${jdk_major:-0}" -ge 24 ] && jvm_flags="$jvm_flags --enable-native-access=ALL-UNNAMED"

run_jmh() {
  local name="$1" flags="$2"; shift 2
  local out="$results/jmh-$name-$stamp"
  machine_info "$out.txt"
  # shellcheck disable=SC2086
  "$java_home/bin/java" $jvm_flags -jar "$here/jmh/target/benchmarks.jar" "$benchmarks" $flags \
      -jvmArgsAppend "-Drunnel.bench.dir=$workdir $jvm_flags" \
      -rf json -rff "$out.json" "$@" 2>&1 | tee -a "$out.txt"
  echo "uptime after: $(uptime)" | tee -a "$out.txt"
}

case "$mode" in
  dd) run_dd ;;
  jmh) build; run_jmh throughput "$jmh_flags" "$@" ;;
  gc) build; run_jmh gc "$gc_flags" -prof gc "$@" ;;
  all)
    run_dd
    build
    run_jmh throughput "$jmh_flags" "$@"
    run_jmh gc "$gc_flags" -prof gc "$@"
    ;;
  *) echo "unknown mode $mode (all|dd|jmh|gc)" >&2; exit 2 ;;
esac
