#!/usr/bin/env bash
# Stops the processes of CLASS started from this installation (those whose -Drunnel.home is this installation),
# by SIGTERM so that each shuts down gracefully, and waits until they have exited:
#   runnel-stop-class.sh NAME CLASS
# NAME is what messages call them and names the pid file (logs/NAME.pid) removed once they are gone.
#
# Environment: RUNNEL_STOP_TIMEOUT seconds to wait (default 60); RUNNEL_LOG_DIR as for runnel-run-class.sh.
# Exit status: 0 once all have stopped; 1 if none was running or one is still running after the timeout.
# `sh <script>` (as Kafka's docs and tutorials type it) runs this under a POSIX sh such as dash: re-run it with bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $(basename "$0") NAME CLASS" >&2; exit 1; }
name="$1"
main_class="$2"
bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_dir="$(cd "$bin_dir/.." && pwd)"
logs_dir="${RUNNEL_LOG_DIR:-$base_dir/logs}"

class_pids() {
  local pid args
  while read -r pid args; do
    case " $args " in
      *" -Drunnel.home=$base_dir "*" $main_class "*) echo "$pid" ;;
    esac
  done < <(ps -ww -eo pid=,args=)
}

mapfile -t pids < <(class_pids)
if [ ${#pids[@]} -eq 0 ]; then
  echo "runnel: no $name from $base_dir to stop" >&2
  exit 1
fi

echo "runnel: stopping $name ${pids[*]}"
kill -TERM "${pids[@]}" 2>/dev/null || true

deadline=$(( SECONDS + ${RUNNEL_STOP_TIMEOUT:-60} ))
while :; do
  running=()
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then running+=("$pid"); fi
  done
  [ ${#running[@]} -eq 0 ] && break
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "runnel: $name ${running[*]} still running after ${RUNNEL_STOP_TIMEOUT:-60}s" >&2
    exit 1
  fi
  sleep 0.2
done

pid_file="$logs_dir/$name.pid"
if [ -f "$pid_file" ] && ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  rm -f "$pid_file"
fi
echo "runnel: stopped $name"
