#!/usr/bin/env bash
# Runs a Java main class of this installation, like Kafka's kafka-run-class.sh:
#   runnel-run-class.sh [-daemon] [-name NAME] [-module broker|tools] CLASS [ARG]...
# Every bin/runnel-*.sh and bin/zookeeper-*.sh script goes through here.
#
# The classpath is libs/* of a distribution (a libs/ directory next to bin/), else the source tree's build output
# of -module (default tools): its jar plus target/lib/*, built first with bin/runnel-mvn when missing or older
# than the sources it is made of. Works from any directory.
#
# Environment:
#   JAVA_HOME                    a JDK >= 21 to use (else the newest under /usr/lib/jvm)
#   RUNNEL_HEAP_OPTS             heap options (default -Xmx256M)
#   RUNNEL_JVM_PERFORMANCE_OPTS  GC options (default G1 with Kafka's settings)
#   RUNNEL_OPTS                  further JVM options, passed through
#   RUNNEL_LOG_CONFIG            logback configuration file; default config/logback-tools.xml (quiet: a tool
#                                reports its own errors); set but empty, the one in the classpath
#   RUNNEL_LOG_DIR               where daemon output (NAME.out), pid files (NAME.pid) and logs go (default
#                                <install>/logs)
#
# -daemon runs CLASS in the background (nohup) with its output in logs/NAME.out and its pid in logs/NAME.pid;
# it exits non-zero with that output if the process dies within its first ${RUNNEL_DAEMON_CHECK_TICKS:-15} x 0.2
# seconds (bad config, port in use). -name defaults to the class's simple name.
# `sh <script>` (as Kafka's docs and tutorials type it) runs this under a POSIX sh such as dash: re-run it with bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_dir="$(cd "$bin_dir/.." && pwd)"

usage() {
  echo "usage: $(basename "$0") [-daemon] [-name NAME] [-module broker|tools] CLASS [ARG]..." >&2
  exit 1
}

daemon=false
name=""
module=tools
while [ $# -gt 0 ]; do
  case "$1" in
    -daemon) daemon=true; shift ;;
    -name) [ $# -ge 2 ] || usage; name="$2"; shift 2 ;;
    -module) [ $# -ge 2 ] || usage; module="$2"; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
main_class="$1"
shift
# Kafka's class names, so that commands copied from Kafka tutorials run unchanged.
case "$main_class" in
  kafka.tools.DumpLogSegments) main_class=io.runnel.tools.dumplog.DumpLogSegments ;;
  kafka.tools.GetOffsetShell|org.apache.kafka.tools.GetOffsetShell) main_class=io.runnel.tools.offsets.GetOffsetShell ;;
  kafka.admin.TopicCommand|org.apache.kafka.tools.TopicCommand) main_class=io.runnel.tools.topics.TopicCommand ;;
  kafka.admin.ConfigCommand) main_class=io.runnel.tools.configs.ConfigCommand ;;
  kafka.admin.ConsumerGroupCommand|org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)
    main_class=io.runnel.tools.groups.ConsumerGroupCommand ;;
  kafka.tools.ConsoleProducer|org.apache.kafka.tools.ConsoleProducer) main_class=io.runnel.tools.console.ConsoleProducer ;;
  kafka.tools.ConsoleConsumer|org.apache.kafka.tools.consumer.ConsoleConsumer)
    main_class=io.runnel.tools.console.ConsoleConsumer ;;
esac
[ -n "$name" ] || name="${main_class##*.}"

java_home="$("$bin_dir/runnel-java-home")"
java="$java_home/bin/java"

# The source files a module's jar is built from (the module and the modules it depends on).
sources_of() {
  local modules
  case "$1" in
    broker) modules="storage broker" ;;
    tools) modules="storage tools" ;;
    *) echo "runnel: unknown module '$1' (expected broker or tools)" >&2; exit 1 ;;
  esac
  echo "$base_dir/pom.xml"
  for m in $modules; do
    echo "$base_dir/$m/pom.xml"
    echo "$base_dir/$m/src/main"
  done
}

module_jar() { # $1 = target dir, $2 = module
  find "$1" -maxdepth 1 -name "runnel-$2-*.jar" ! -name '*-sources.jar' ! -name '*-tests.jar' 2>/dev/null | head -n 1
}

# The module's jar and its dependencies from the source tree, built if missing or stale.
classpath_of_source_tree() {
  local target="$base_dir/$module/target" jar
  local -a sources
  mapfile -t sources < <(sources_of "$module")
  jar="$(module_jar "$target" "$module")"
  if [ -z "$jar" ] || [ ! -d "$target/lib" ] || \
     [ -n "$(find "${sources[@]}" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "runnel: building the $module module (bin/runnel-mvn package -pl $module -am)..." >&2
    # Log through stderr so that only the classpath reaches the caller's stdout.
    "$bin_dir/runnel-mvn" -q -B -Dmaven.test.skip=true package -pl "$module" -am >&2
    jar="$(module_jar "$target" "$module")"
    [ -n "$jar" ] || { echo "runnel: the build produced no $module jar in $target" >&2; exit 1; }
    # Maven leaves an up-to-date jar untouched; mark it as built now, or a newer pom would rebuild it every run.
    touch "$jar"
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

read -r -a heap_opts <<< "${RUNNEL_HEAP_OPTS:--Xmx256M}"
read -r -a perf_opts <<< "${RUNNEL_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
read -r -a extra_opts <<< "${RUNNEL_OPTS:-}"

# runnel.home marks the process as this installation's, for the stop scripts (bin/runnel-stop-class.sh).
jvm_args=("${heap_opts[@]}" "${perf_opts[@]}" "${extra_opts[@]}"
  "-Drunnel.home=$base_dir" "-Drunnel.logs.dir=$logs_dir")
log_config="${RUNNEL_LOG_CONFIG-$base_dir/config/logback-tools.xml}"
if [ -n "$log_config" ]; then
  jvm_args+=("-Dlogback.configurationFile=$log_config")
fi

if [ "$daemon" = false ]; then
  exec "$java" "${jvm_args[@]}" -cp "$classpath" "$main_class" "$@"
fi

out_file="$logs_dir/$name.out"
pid_file="$logs_dir/$name.pid"
nohup "$java" "${jvm_args[@]}" -cp "$classpath" "$main_class" "$@" > "$out_file" 2>&1 < /dev/null &
pid=$!

# Configuration errors end the process within its first seconds; report them here rather than leaving the caller
# to discover a dead process later.
for _ in $(seq 1 "${RUNNEL_DAEMON_CHECK_TICKS:-15}"); do
  if ! kill -0 "$pid" 2>/dev/null; then
    status=0
    wait "$pid" || status=$?
    cat "$out_file" >&2
    exit $(( status == 0 ? 1 : status ))
  fi
  sleep 0.2
done
# Written only once the process survived start-up, so a failed second start keeps the running one's pid file.
echo "$pid" > "$pid_file"
echo "runnel: $name started in the background (pid $pid); output: $out_file"
