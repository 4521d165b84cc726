#!/usr/bin/env bash
# ZooKeeper's own shell (org.apache.zookeeper.ZooKeeperMain), as Kafka's zookeeper-shell.sh:
#   zookeeper-shell.sh HOST:PORT[/chroot] [COMMAND [ARG]...]
# With a command (e.g. `ls /brokers/ids`, `get /controller`) it runs it and exits; without, it is interactive.
# `sh <script>` (as Kafka's docs and tutorials type it) runs this under a POSIX sh such as dash: re-run it with bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $(basename "$0") HOST:PORT[/chroot] [COMMAND [ARG]...]" >&2
  exit 1
fi
exec "$(dirname "${BASH_SOURCE[0]}")/runnel-run-class.sh" org.apache.zookeeper.ZooKeeperMain -server "$@"
