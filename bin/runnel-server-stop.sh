#!/usr/bin/env bash
# Stops the Runnel brokers started from this installation (like kafka-server-stop.sh, which stops every broker
# on the machine; this one only those whose -Drunnel.home is this installation), by SIGTERM: each shuts down
# gracefully. Waits until they have exited.
#
# Environment: RUNNEL_STOP_TIMEOUT seconds to wait (default 60); RUNNEL_LOG_DIR as for runnel-server-start.sh.
# Exit status: 0 once all have stopped; 1 if none was running or one is still running after the timeout.
set -euo pipefail

bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_dir="$(cd "$bin_dir/.." && pwd)"
main_class="io.runnel.broker.RunnelServer"
logs_dir="${RUNNEL_LOG_DIR:-$base_dir/logs}"

broker_pids() {
  local pid args
  while read -r pid args; do
    case " $args " in
      *" -Drunnel.home=$base_dir "*" $main_class "*) echo "$pid" ;;
    esac
  done < <(ps -ww -eo pid=,args=)
}

mapfile -t pids < <(broker_pids)
if [ ${#pids[@]} -eq 0 ]; then
  echo "runnel: no broker from $base_dir to stop" >&2
  exit 1
fi

echo "runnel: stopping broker(s) ${pids[*]}"
kill -TERM "${pids[@]}" 2>/dev/null || true

deadline=$(( SECONDS + ${RUNNEL_STOP_TIMEOUT:-60} ))
while :; do
  running=()
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then running+=("$pid"); fi
  done
  [ ${#running[@]} -eq 0 ] && break
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "runnel: broker(s) ${running[*]} still running after ${RUNNEL_STOP_TIMEOUT:-60}s" >&2
    exit 1
  fi
  sleep 0.2
done

pid_file="$logs_dir/runnel-server.pid"
if [ -f "$pid_file" ] && ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  rm -f "$pid_file"
fi
echo "runnel: stopped"
