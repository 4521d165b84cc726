#!/usr/bin/env node
// A thin command line over kafkajs for Runnel's wire-compatibility tests (KafkajsTest drives it as a child
// process). Usage: node kafkajs-client.js <command> '<json options>'. Messages are JSON, one per line: produce
// reads them from stdin, consume prints them to stdout. kafkajs logs go to stderr only, so stdout is pure data.
'use strict';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const { Kafka, CompressionTypes, logLevel } = require('kafkajs');

const [command, json] = process.argv.slice(2);
const options = JSON.parse(json || '{}');

const kafka = new Kafka({
  clientId: 'runnel-kafkajs-test',
  brokers: [options.brokers],
  connectionTimeout: 5000,
  requestTimeout: 10000,
  // a failing request fails the command quickly; the test, not kafkajs, decides what is worth waiting for
  retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  logLevel: logLevel.WARN,
  logCreator: () => ({ namespace, label, log }) => {
    const { message, ...extra } = log;
    process.stderr.write(`${label} [${namespace}] ${message} ${JSON.stringify(extra)}\n`);
  },
});

/** Creates a topic through the admin client (CreateTopics, then Metadata until every partition has a leader). */
async function createTopic() {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: options.topic, numPartitions: options.partitions, replicationFactor: 1 }],
    });
    if (!created) {
      throw new Error(`topic ${options.topic} already exists`);
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Sends stdin's messages ({key, value, headers}) in one batch per partition with an idempotent producer (one request
 * in flight, so retries cannot reorder) and waits for acks=all.
 */
async function produce() {
  const input = require('fs').readFileSync(0, 'utf8');
  const messages = input.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic: options.topic,
      acks: -1,
      compression: options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      messages,
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Joins group options.group on options.topic (from the beginning when the group has no committed offset), prints each
 * message as it arrives, and once it has options.count messages and a heartbeat has succeeded, commits the offsets
 * after them and leaves the group. Fails after options.timeoutMs when that has not happened.
 */
async function consume() {
  const consumer = kafka.consumer({
    groupId: options.group,
    sessionTimeout: 6000,
    heartbeatInterval: 300,
    rebalanceTimeout: 10000,
    maxWaitTimeInMs: 200,
  });
  const nextOffsets = new Map();
  let consumed = 0;
  let done;
  const allConsumed = new Promise((resolve) => (done = resolve));
  // kafkajs emits HEARTBEAT only for a heartbeat the coordinator accepted; one that failed makes it rejoin instead
  let heartbeats = 0;
  let heartbeat;
  const heartbeated = new Promise((resolve) => (heartbeat = resolve));
  consumer.on(consumer.events.HEARTBEAT, () => {
    heartbeats++;
    heartbeat();
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        if (consumed >= options.count) {
          return; // more than asked for: not printed, not committed
        }
        const headers = {};
        for (const [name, value] of Object.entries(message.headers || {})) {
          headers[name] = value.toString('utf8');
        }
        print({
          partition,
          offset: Number(message.offset),
          key: message.key === null ? null : message.key.toString('utf8'),
          value: message.value === null ? null : message.value.toString('utf8'),
          headers,
        });
        nextOffsets.set(partition, BigInt(message.offset) + 1n);
        consumed++;
        if (consumed === options.count) {
          done();
        }
      },
    });
    const timedOut = new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`consumed ${consumed} of ${options.count} messages and saw ${heartbeats}`
        + ` heartbeats in ${options.timeoutMs} ms`)), options.timeoutMs).unref());
    await Promise.race([Promise.all([allConsumed, heartbeated]), timedOut]);
    await consumer.commitOffsets([...nextOffsets].map(([partition, offset]) =>
      ({ topic: options.topic, partition, offset: offset.toString() })));
  } finally {
    await consumer.disconnect();
  }
}

function print(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

const commands = { 'create-topic': createTopic, produce, consume };
if (!commands[command]) {
  process.stderr.write(`unknown command ${command}; one of ${Object.keys(commands).join(', ')}\n`);
  process.exit(2);
}
commands[command]().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${command} failed: ${error.stack || error}\n`);
    process.exit(1);
  },
);
