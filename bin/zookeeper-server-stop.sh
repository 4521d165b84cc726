#!/usr/bin/env bash
# Stops the ZooKeeper servers started from this installation by bin/zookeeper-server-start.sh (SIGTERM), and
# waits until they have exited. Environment: RUNNEL_STOP_TIMEOUT seconds to wait (default 60).
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/runnel-stop-class.sh" zookeeper org.apache.zookeeper.server.quorum.QuorumPeerMain
