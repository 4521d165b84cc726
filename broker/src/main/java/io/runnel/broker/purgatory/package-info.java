/**
 * Delayed operations (Kafka's purgatory): requests that wait on partition keys for a condition (data for a long
 * poll, the high watermark for acks=all) or a deadline, with one expiration thread for all of them and no
 * polling.
 */
package io.runnel.broker.purgatory;
