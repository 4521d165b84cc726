#!/usr/bin/env bash
# Starts or stops the Apache Kafka 4.4.0 benchmark peer: a single-node KRaft broker (combined broker+controller)
# from Maven Central jars, on loopback, on the same JDK and JVM options as Runnel's bin/runnel-server-start.sh.
#   bench/kafka-peer.sh start   formats fresh storage under bench/work/kafka/ and starts; waits until it serves
#   bench/kafka-peer.sh stop    SIGTERM, waits (then SIGKILL after ${BENCH_STOP_TIMEOUT:-60} s)
#   bench/kafka-peer.sh pid     prints the broker's pid
# Kafka is a benchmark peer only, never a dependency of Runnel.
#
# Environment: BENCH_KAFKA_PORT (client port, default 19092; the controller listens on the next port),
#              BENCH_HEAP_OPTS (default -Xmx1G -Xms1G).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.sh"

port="${BENCH_KAFKA_PORT:-19092}"
controller_port=$(( port + 1 ))
home="$work_dir/kafka"
pid_file="$home/kafka.pid"
config="$home/server.properties"
libs="$work_dir/kafka-libs/*"
log_opts=(-Dlog4j2.configurationFile="$bench_dir/kafka-peer/log4j2.yaml" -Dkafka.logs.dir="$home/logs")

write_config() {
  # Kafka's shipped config/server.properties for a combined node, with the settings Runnel's
  # config/server.properties also has (threads, socket buffers, segment size), so both brokers run on equal terms.
  cat > "$config" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
log.dirs=$home/data
num.partitions=1
num.recovery.threads.per.data.dir=2
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
CONF
}

start() {
  ensure_kafka_jars
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    die "the Kafka peer is already running (pid $(cat "$pid_file")); run: $0 stop"
  fi
  wait_for_free_port "$port" 60 || die "cannot start the Kafka peer on 127.0.0.1:$port (set BENCH_KAFKA_PORT)"
  rm -rf "$home"
  mkdir -p "$home/logs" "$home/data"
  write_config

  local cluster_id
  cluster_id="$("$java" "${log_opts[@]}" -cp "$libs" kafka.tools.StorageTool random-uuid)"
  "$java" "${log_opts[@]}" -cp "$libs" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" \
    > "$home/logs/format.out" 2>&1 || { cat "$home/logs/format.out" >&2; die "kafka storage format failed"; }

  # shellcheck disable=SC2086 # the option strings are word lists
  nohup "$java" -server $broker_heap_opts $broker_perf_opts "${log_opts[@]}" -cp "$libs" kafka.Kafka "$config" \
    > "$home/logs/kafka.out" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$pid_file"

  local status=0
  wait_for_port "$port" 60 "$pid" || status=$?
  # The client port opens before the broker has caught up with the metadata log; wait for its own word.
  local deadline=$(( SECONDS + 60 ))
  while [ "$status" -eq 0 ] && ! grep -q 'Kafka Server started' "$home/logs/server.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { status=2; break; }
    [ "$SECONDS" -ge "$deadline" ] && { status=1; break; }
    sleep 0.2
  done
  if [ "$status" -ne 0 ]; then
    tail -n 30 "$home/logs/kafka.out" "$home/logs/server.log" >&2 2>/dev/null || true
    stop_pid "$pid" 10
    rm -f "$pid_file"
    die "the Kafka peer did not start ($([ "$status" -eq 2 ] && echo exited || echo timed out)); logs in $home/logs"
  fi
  log "Kafka 4.4.0 peer started (pid $pid) on 127.0.0.1:$port"
}

stop() {
  [ -f "$pid_file" ] || { log "the Kafka peer is not running"; return 0; }
  local pid
  pid="$(cat "$pid_file")"
  stop_pid "$pid" "${BENCH_STOP_TIMEOUT:-60}"
  rm -f "$pid_file"
  log "Kafka peer (pid $pid) stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  pid) if [ -f "$pid_file" ]; then cat "$pid_file"; else die "the Kafka peer is not running"; fi ;;
  *) echo "usage: $(basename "$0") start|stop|pid" >&2; exit 1 ;;
esac
