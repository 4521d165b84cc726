/**
 * The partition log: an append-only, segmented, indexed log of Kafka v2 record batches, byte-compatible with
 * Kafka's on-disk layout. Knows nothing of the network, the cluster or ZooKeeper.
 */
package io.runnel.storage;
