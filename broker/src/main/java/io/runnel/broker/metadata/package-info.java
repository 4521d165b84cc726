/**
 * The cluster metadata as request handlers and the data plane see it: immutable snapshots
 * ({@link io.runnel.broker.metadata.ClusterMetadata}) behind {@link io.runnel.broker.metadata.MetadataView}, and the
 * {@link io.runnel.broker.metadata.LocalReplicaListener} through which the local broker learns its partitions and its
 * dynamic broker configs. No ZooKeeper types here.
 */
package io.runnel.broker.metadata;
