#!/usr/bin/env bash
# Starts a Runnel broker: runnel-server-start.sh [-daemon] server.properties [--override property=value]...
#
# Runs from a distribution (a libs/ directory next to bin/) or from the source tree, where it first builds the
# broker (Maven, via bin/runnel-mvn) if its jar is missing or older than the sources. Works from any directory.
#
# Environment:
#   RUNNEL_HEAP_OPTS             heap options (default -Xmx1G -Xms1G)
#   RUNNEL_JVM_PERFORMANCE_OPTS  GC options (default G1 with Kafka's settings)
#   RUNNEL_OPTS                  further JVM options, passed through
#   RUNNEL_LOG_DIR               where server.log, runnel-server.out and runnel-server.pid go (default <install>/logs)
#   JAVA_HOME                    a JDK >= 21 to use (else the newest under /usr/lib/jvm)
#
# Foreground: logs to the console and logs/server.log; Ctrl-C or SIGTERM stops the broker gracefully.
# -daemon: runs in the background (nohup), logs to logs/server.log only, JVM output to logs/runnel-server.out,
# pid in logs/runnel-server.pid (the latest daemon's); exits non-zero with that output if the broker dies within
# its first ${RUNNEL_DAEMON_CHECK_TICKS:-15} x 0.2 seconds (bad config, locked log dir).
set -euo pipefail

bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_dir="$(cd "$bin_dir/.." && pwd)"
main_class="io.runnel.broker.RunnelServer"

usage() {
  echo "usage: $(basename "$0") [-daemon] server.properties [--override property=value]..." >&2
  exit 1
}

daemon=false
if [ "${1:-}" = "-daemon" ]; then
  daemon=true
  shift
fi
[ $# -ge 1 ] || usage

java_home="$("$bin_dir/runnel-java-home")"
java="$java_home/bin/java"

# The broker jar and its dependencies: libs/ of a distribution, else the source tree's build output.
classpath_of_source_tree() {
  local target="$base_dir/broker/target" jar
  jar="$(find "$target" -maxdepth 1 -name 'runnel-broker-*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' \
    2>/dev/null | head -n 1)"
  if [ -z "$jar" ] || [ ! -d "$target/lib" ] || \
     [ -n "$(find "$base_dir/pom.xml" "$base_dir/broker/pom.xml" "$base_dir/broker/src/main" \
               "$base_dir/storage/pom.xml" "$base_dir/storage/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "runnel: building the broker (bin/runnel-mvn package -pl broker -am)..." >&2
    # Log through stderr so that only the classpath reaches the caller's stdout.
    "$bin_dir/runnel-mvn" -q -B -Dmaven.test.skip=true package -pl broker -am >&2
    jar="$(find "$target" -maxdepth 1 -name 'runnel-broker-*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' \
      | head -n 1)"
    [ -n "$jar" ] || { echo "runnel: the build produced no broker jar in $target" >&2; exit 1; }
  fi
  echo "$jar:$target/lib/*"
}

if [ -d "$base_dir/libs" ]; then
  classpath="$base_dir/libs/*"
else
  classpath="$(classpath_of_source_tree)"
fi

logs_dir="${RUNNEL_LOG_DIR:-$base_dir/logs}"
mkdir -p "$logs_dir"
logs_dir="$(cd "$logs_dir" && pwd)"

read -r -a heap_opts <<< "${RUNNEL_HEAP_OPTS:--Xmx1G -Xms1G}"
read -r -a perf_opts <<< "${RUNNEL_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
read -r -a extra_opts <<< "${RUNNEL_OPTS:-}"

# runnel.home marks the process as this installation's broker, for runnel-server-stop.sh.
jvm_args=("${heap_opts[@]}" "${perf_opts[@]}" "${extra_opts[@]}"
  "-Drunnel.home=$base_dir" "-Drunnel.logs.dir=$logs_dir")

if [ "$daemon" = false ]; then
  exec "$java" "${jvm_args[@]}" -cp "$classpath" "$main_class" "$@"
fi

out_file="$logs_dir/runnel-server.out"
pid_file="$logs_dir/runnel-server.pid"
nohup "$java" "${jvm_args[@]}" -Drunnel.console.level=OFF -cp "$classpath" "$main_class" "$@" \
  > "$out_file" 2>&1 < /dev/null &
pid=$!

# Configuration and log dir errors end the process within its first seconds; report them here rather than
# leaving the caller to discover a dead broker later.
for _ in $(seq 1 "${RUNNEL_DAEMON_CHECK_TICKS:-15}"); do
  if ! kill -0 "$pid" 2>/dev/null; then
    status=0
    wait "$pid" || status=$?
    cat "$out_file" >&2
    exit $(( status == 0 ? 1 : status ))
  fi
  sleep 0.2
done
# Written only once the broker survived start-up, so a failed second start keeps the running one's pid file.
echo "$pid" > "$pid_file"
echo "runnel: broker started in the background (pid $pid); log: $logs_dir/server.log"
