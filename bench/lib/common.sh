# shellcheck shell=bash disable=SC2034  # sourced; the variables are used by the scripts that source it
# Shared helpers for bench/*.sh (sourced, not run). Loopback only; every wait is bounded.

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(cd "$bench_dir/.." && pwd)"
work_dir="$bench_dir/work"
java_home="$("$repo_dir/bin/runnel-java-home")"
java="$java_home/bin/java"

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $(date +%H:%M:%S) $*" >&2; }

# The JVM options of both brokers: Kafka's kafka-server-start.sh / kafka-run-class.sh defaults, which are also
# Runnel's (bin/runnel-server-start.sh), so that the two run on the same heap and collector. BENCH_EXTRA_JVM_OPTS
# (unset by default) adds options to both, for experiments such as the JIT ones in docs/benchmarks.md.
broker_heap_opts="${BENCH_HEAP_OPTS:--Xmx1G -Xms1G}"
broker_perf_opts="${BENCH_EXTRA_JVM_OPTS:-} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true"

# Resolves Kafka's broker (4.4.0) and tools (4.3.1) from Maven Central into bench/work/ once.
ensure_kafka_jars() {
  local profile dir
  for profile in broker tools; do
    dir="$work_dir/$([ "$profile" = broker ] && echo kafka-libs || echo tools-libs)"
    if [ ! -d "$dir" ] || [ -z "$(ls -A "$dir" 2>/dev/null)" ]; then
      log "resolving Kafka $profile jars into $dir (Maven Central)"
      "$repo_dir/bin/runnel-mvn" -B -q -f "$bench_dir/kafka-peer/pom.xml" -P"$profile" \
        dependency:copy-dependencies >&2 || die "could not resolve the Kafka $profile jars"
    fi
  done
}

# Waits until a TCP port on 127.0.0.1 accepts connections: wait_for_port PORT SECONDS PID
wait_for_port() {
  local port=$1 pid=$3 deadline=$(( SECONDS + $2 ))
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 2
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

# Waits until nothing listens on a TCP port of 127.0.0.1 (a broker of the previous run may still be closing, or
# another job on the machine may hold it for a while); fails naming the holder: wait_for_free_port PORT SECONDS
wait_for_free_port() {
  local port=$1 deadline=$(( SECONDS + $2 ))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "bench: 127.0.0.1:$port is still in use after $2 s: $(ss -ltnpH "sport = :$port" 2>/dev/null | head -n 1)" >&2
      return 1
    fi
    sleep 1
  done
}

# Stops a process by pid: SIGTERM, then SIGKILL after SECONDS: stop_pid PID SECONDS
stop_pid() {
  local pid=$1 deadline=$(( SECONDS + $2 ))
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "pid $pid still running after $2 s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
}
