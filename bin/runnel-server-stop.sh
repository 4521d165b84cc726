#!/usr/bin/env bash
# Stops the Runnel brokers started from this installation (like kafka-server-stop.sh, which stops every broker
# on the machine; this one only those whose -Drunnel.home is this installation), by SIGTERM: each shuts down
# gracefully. Waits until they have exited.
#
# Environment: RUNNEL_STOP_TIMEOUT seconds to wait (default 60); RUNNEL_LOG_DIR as for runnel-server-start.sh.
# Exit status: 0 once all have stopped; 1 if none was running or one is still running after the timeout.
# `sh <script>` (as Kafka's docs and tutorials type it) runs this under a POSIX sh such as dash: re-run it with bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/runnel-stop-class.sh" runnel-server io.runnel.broker.RunnelServer
