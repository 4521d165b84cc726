#!/usr/bin/python3
"""A thin command line over kafka-python for Runnel's wire-compatibility tests (KafkaPythonTest drives it as a child
process). Usage: python3 kafka_python_client.py <command> '<json options>'. Messages are JSON, one per line: produce
reads them from stdin, consume prints them to stdout. kafka-python logs go to stderr only, so stdout is pure data.

Written for Debian's python3-kafka (kafka-python 2.0.2), installed by .ci/install-test-tools.
"""
import json
import logging
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.structs import OffsetAndMetadata

logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(levelname)s [%(name)s] %(message)s")

# a failing request fails the command quickly; the test, not kafka-python, decides what is worth waiting for
COMMON = {"request_timeout_ms": 10000, "api_version_auto_timeout_ms": 5000, "retry_backoff_ms": 100}


def create_topic(options):
    """Creates a topic through the admin client (CreateTopics at the newest version both sides support)."""
    admin = KafkaAdminClient(bootstrap_servers=options["brokers"], client_id="runnel-kafka-python-test", **COMMON)
    try:
        response = admin.create_topics(
            [NewTopic(options["topic"], options["partitions"], 1)], timeout_ms=10000)
        errors = [(topic, code) for topic, code, *_ in response.topic_errors if code != 0]
        if errors:
            raise RuntimeError("create_topics failed: %s" % errors)
    finally:
        admin.close()


def produce(options):
    """Sends stdin's messages ({key, value, headers}) in one batch per partition with acks=all and one request in
    flight, so retries cannot reorder, and waits for every acknowledgement."""
    messages = [json.loads(line) for line in sys.stdin.read().splitlines() if line]
    producer = KafkaProducer(
        bootstrap_servers=options["brokers"],
        client_id="runnel-kafka-python-test",
        acks="all",
        retries=3,
        max_in_flight_requests_per_connection=1,
        compression_type="gzip" if options.get("compression") == "gzip" else None,
        # nothing leaves before flush(), so each partition's messages go in one batch; a batch sent early could hold
        # one small message, which kafka-python sends uncompressed because gzip would not make it smaller
        linger_ms=60000,
        **COMMON)
    try:
        futures = [
            producer.send(
                options["topic"],
                key=encode(message.get("key")),
                value=encode(message.get("value")),
                headers=[(name, value.encode("utf-8")) for name, value in message.get("headers", {}).items()])
            for message in messages]
        producer.flush(timeout=20)
        for future in futures:
            future.get(timeout=1)  # raises the send's error, if any
    finally:
        producer.close(timeout=5)


def consume(options):
    """Joins group options.group on options.topic (from the beginning when the group has no committed offset), prints
    each message as it arrives, and once it has options.count messages and a heartbeat was answered, commits the
    offsets after them and leaves the group. Fails after options.timeoutMs when that has not happened."""
    consumer = KafkaConsumer(
        options["topic"],
        bootstrap_servers=options["brokers"],
        client_id="runnel-kafka-python-test",
        group_id=options["group"],
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=6000,
        heartbeat_interval_ms=300,
        fetch_max_wait_ms=200,
        **COMMON)
    try:
        next_offsets = {}
        consumed = 0
        # kafka-python 2.0.2 has no heartbeat callback: its heartbeat thread stamps the answer here
        heartbeat = consumer._coordinator.heartbeat
        started = time.time()
        deadline = time.monotonic() + options["timeoutMs"] / 1000
        while consumed < options["count"] or heartbeat.last_receive < started:
            if time.monotonic() > deadline:
                raise RuntimeError("consumed %d of %d messages, heartbeat answered: %s, in %d ms" % (
                    consumed, options["count"], heartbeat.last_receive >= started, options["timeoutMs"]))
            for tp, records in consumer.poll(timeout_ms=200).items():
                for record in records:
                    if consumed == options["count"]:
                        break  # more than asked for: not printed, not committed
                    emit({
                        "partition": record.partition,
                        "offset": record.offset,
                        "key": decode(record.key),
                        "value": decode(record.value),
                        "headers": {name: value.decode("utf-8") for name, value in record.headers},
                    })
                    next_offsets[tp] = OffsetAndMetadata(record.offset + 1, "")
                    consumed += 1
        consumer.commit(next_offsets)
    finally:
        consumer.close()


def encode(text):
    return None if text is None else text.encode("utf-8")


def decode(data):
    return None if data is None else data.decode("utf-8")


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


COMMANDS = {"create-topic": create_topic, "produce": produce, "consume": consume}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.stderr.write("usage: kafka_python_client.py {%s} '<json options>'\n" % ",".join(COMMANDS))
        sys.exit(2)
    COMMANDS[sys.argv[1]](json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}"))
