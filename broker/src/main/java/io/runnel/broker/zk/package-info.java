/**
 * ZooKeeper access in Kafka's znode layout and JSON formats: the Curator session ({@link io.runnel.broker.zk.ZkClient}),
 * one codec class per znode ({@link io.runnel.broker.zk.ZkPaths} lists them), the in-process
 * {@link io.runnel.broker.zk.EmbeddedZooKeeper}, and the watch-driven
 * {@link io.runnel.broker.zk.ZkMetadataCache} that implements the read-side
 * {@link io.runnel.broker.metadata.MetadataView}.
 */
package io.runnel.broker.zk;
