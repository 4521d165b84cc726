#!/usr/bin/env bash
# Stops the ZooKeeper servers started from this installation by bin/zookeeper-server-start.sh (SIGTERM), and
# waits until they have exited. Environment: RUNNEL_STOP_TIMEOUT seconds to wait (default 60).
# `sh <script>` (as Kafka's docs and tutorials type it) runs this under a POSIX sh such as dash: re-run it with bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/runnel-stop-class.sh" zookeeper org.apache.zookeeper.server.quorum.QuorumPeerMain
