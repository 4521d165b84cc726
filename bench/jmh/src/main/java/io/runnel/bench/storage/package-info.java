/**
 * JMH benchmarks of the storage engine's hot paths, {@code PartitionLog.appendAsLeader} and
 * {@code PartitionLog.read}, on a real {@code SegmentedLog} in a scratch directory. Run with
 * {@code bench/run-storage-jmh.sh}; results and how to read them are in docs/benchmarks.md.
 */
package io.runnel.bench.storage;
