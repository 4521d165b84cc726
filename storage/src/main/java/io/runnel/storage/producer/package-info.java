/**
 * Idempotent and transactional producer state of a partition: the last batches of each producer id, used to reject
 * out-of-order or fenced appends and to answer retried batches with their original offsets; snapshotted to disk so
 * recovery does not replay the whole log.
 */
package io.runnel.storage.producer;
