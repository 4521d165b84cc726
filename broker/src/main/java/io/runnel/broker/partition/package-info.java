/**
 * The partitions this broker hosts: each {@link io.runnel.broker.partition.Partition} is one local replica (its
 * log, leader epoch, role, ISR, high watermark), and {@link io.runnel.broker.partition.LocalPartitions} is the
 * registry the metadata side drives on leadership changes and deletions. Knows kafka-clients errors and the
 * storage API, not the wire protocol.
 */
package io.runnel.broker.partition;
