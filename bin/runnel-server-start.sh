#!/usr/bin/env bash
# Starts a Runnel broker: runnel-server-start.sh [-daemon] server.properties [--override property=value]...
#
# Runs from a distribution (a libs/ directory next to bin/) or from the source tree, where it first builds the
# broker (Maven, via bin/runnel-mvn) if its jar is missing or older than the sources. Works from any directory.
# The JVM is launched by bin/runnel-run-class.sh, which documents the classpath and the environment it reads.
#
# Environment (beyond runnel-run-class.sh's):
#   RUNNEL_HEAP_OPTS             heap options (default -Xmx1G -Xms1G)
#   RUNNEL_LOG_CONFIG            logback configuration file (default: the broker's own, in its jar)
#   RUNNEL_LOG_DIR               where server.log, runnel-server.out and runnel-server.pid go (default <install>/logs)
#
# Foreground: logs to the console and logs/server.log; Ctrl-C or SIGTERM stops the broker gracefully.
# -daemon: runs in the background (nohup), logs to logs/server.log only, JVM output to logs/runnel-server.out,
# pid in logs/runnel-server.pid (the latest daemon's); exits non-zero with that output if the broker dies within
# its first ${RUNNEL_DAEMON_CHECK_TICKS:-15} x 0.2 seconds (bad config, locked log dir).
# `sh <script>` (as Kafka's docs and tutorials type it) runs this under a POSIX sh such as dash: re-run it with bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  echo "usage: $(basename "$0") [-daemon] server.properties [--override property=value]..." >&2
  exit 1
}

launcher_args=(-name runnel-server -module broker)
if [ "${1:-}" = "-daemon" ]; then
  launcher_args=(-daemon "${launcher_args[@]}")
  # The console appender would duplicate server.log into runnel-server.out.
  export RUNNEL_OPTS="${RUNNEL_OPTS:-} -Drunnel.console.level=OFF"
  shift
fi
[ $# -ge 1 ] || usage

export RUNNEL_HEAP_OPTS="${RUNNEL_HEAP_OPTS:--Xmx1G -Xms1G}"
export RUNNEL_LOG_CONFIG="${RUNNEL_LOG_CONFIG:-}"
exec "$bin_dir/runnel-run-class.sh" "${launcher_args[@]}" io.runnel.broker.RunnelServer "$@"
