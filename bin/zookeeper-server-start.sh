#!/usr/bin/env bash
# Starts a ZooKeeper server, as Kafka's zookeeper-server-start.sh does:
#   zookeeper-server-start.sh [-daemon] config/zookeeper.properties
# It runs ZooKeeper's own server (org.apache.zookeeper.server.quorum.QuorumPeerMain, standalone when the file
# lists no servers) through bin/runnel-run-class.sh. Logs go to logs/zookeeper.log; with -daemon the JVM output
# goes to logs/zookeeper.out and the pid to logs/zookeeper.pid. Stop it with bin/zookeeper-server-stop.sh.
# `sh <script>` (as Kafka's docs and tutorials type it) runs this under a POSIX sh such as dash: re-run it with bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ $# -lt 1 ]; then
  echo "usage: $(basename "$0") [-daemon] zookeeper.properties" >&2
  exit 1
fi
launcher_args=(-name zookeeper)
if [ "$1" = "-daemon" ]; then
  launcher_args=(-daemon "${launcher_args[@]}")
  export RUNNEL_OPTS="${RUNNEL_OPTS:-} -Drunnel.console.level=OFF"
  shift
fi
[ $# -ge 1 ] || { echo "usage: $(basename "$0") [-daemon] zookeeper.properties" >&2; exit 1; }

export RUNNEL_HEAP_OPTS="${RUNNEL_HEAP_OPTS:--Xmx512M -Xms512M}"
export RUNNEL_LOG_CONFIG="${RUNNEL_LOG_CONFIG:-$bin_dir/../config/logback-zookeeper.xml}"
exec "$bin_dir/runnel-run-class.sh" "${launcher_args[@]}" org.apache.zookeeper.server.quorum.QuorumPeerMain "$@"
