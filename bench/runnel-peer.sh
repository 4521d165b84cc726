#!/usr/bin/env bash
# Starts or stops the Runnel broker under benchmark, through bin/runnel-server-start.sh -daemon with
# config/server.properties and loopback overrides; data and logs under bench/work/runnel/ (wiped on start).
#   bench/runnel-peer.sh start | stop | pid
# Environment: BENCH_RUNNEL_PORT (client port, default 29092; the embedded ZooKeeper uses the next port),
#              BENCH_HEAP_OPTS (default -Xmx1G -Xms1G, passed as RUNNEL_HEAP_OPTS).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.sh"

port="${BENCH_RUNNEL_PORT:-29092}"
zk_port=$(( port + 1 ))
home="$work_dir/runnel"
pid_file="$home/logs/runnel-server.pid"

start() {
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    die "the Runnel broker is already running (pid $(cat "$pid_file")); run: $0 stop"
  fi
  wait_for_free_port "$port" 60 || die "cannot start the Runnel broker on 127.0.0.1:$port (set BENCH_RUNNEL_PORT)"
  rm -rf "$home"
  mkdir -p "$home/logs" "$home/data"
  RUNNEL_HEAP_OPTS="$broker_heap_opts" RUNNEL_JVM_PERFORMANCE_OPTS="$broker_perf_opts" RUNNEL_LOG_DIR="$home/logs" \
    "$repo_dir/bin/runnel-server-start.sh" -daemon "$repo_dir/config/server.properties" \
      --override "listeners=PLAINTEXT://127.0.0.1:$port" \
      --override "advertised.listeners=PLAINTEXT://127.0.0.1:$port" \
      --override "log.dirs=$home/data" \
      --override "zookeeper.embedded.port=$zk_port" \
      --override "auto.create.topics.enable=false" \
      > "$home/logs/start.out" 2>&1 || { cat "$home/logs/start.out" >&2; die "bin/runnel-server-start.sh failed"; }
  [ -f "$pid_file" ] || { cat "$home/logs/start.out" >&2; die "runnel-server-start.sh wrote no pid file"; }
  local pid status=0
  pid="$(cat "$pid_file")"
  wait_for_port "$port" 60 "$pid" || status=$?
  if [ "$status" -ne 0 ]; then
    tail -n 30 "$home/logs/runnel-server.out" "$home/logs/server.log" >&2 2>/dev/null || true
    stop_pid "$pid" 10
    die "the Runnel broker did not start ($([ "$status" -eq 2 ] && echo exited || echo timed out)); logs in $home/logs"
  fi
  log "Runnel broker started (pid $pid) on 127.0.0.1:$port"
}

stop() {
  [ -f "$pid_file" ] || { log "the Runnel broker is not running"; return 0; }
  local pid
  pid="$(cat "$pid_file")"
  # By pid rather than bin/runnel-server-stop.sh, which would stop every broker of this worktree.
  stop_pid "$pid" "${BENCH_STOP_TIMEOUT:-60}"
  rm -f "$pid_file"
  log "Runnel broker (pid $pid) stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  pid) if [ -f "$pid_file" ]; then cat "$pid_file"; else die "the Runnel broker is not running"; fi ;;
  *) echo "usage: $(basename "$0") start|stop|pid" >&2; exit 1 ;;
esac
