package io.runnel.broker.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.LocalReplicaListener;
import io.runnel.broker.metadata.MetadataView;
import io.runnel.broker.partition.KnownPartitions;
import io.runnel.broker.zk.ZkClient;
import io.runnel.broker.zk.ZkMetadataCache;
import org.apache.kafka.common.TopicPartition;

/**
 * The ZooKeeper metadata view ({@link ZkMetadataCache}) of this broker, started as a component ({@link
 * #deliveringTo}). It is the {@link MetadataView} of the
 * request handlers from construction on, which breaks the cycle between the view (whose events drive the data
 * plane's partitions) and the data plane (whose handlers read the view): the handlers are built before the view
 * starts and only serve once the network server, started after it, lets requests in. Before {@link #start} the
 * view is empty.
 */
public final class BrokerMetadataView implements MetadataView, KnownPartitions {

    private final ZkClient zk;
    private final int brokerId;
    private final Duration timeout;
    private volatile ZkMetadataCache view;

    public BrokerMetadataView(ZkClient zk, int brokerId, Duration timeout) {
        this.zk = zk;
        this.brokerId = brokerId;
        this.timeout = timeout;
    }

    /** The component loading the view and delivering its events, from the first snapshot on, to {@code listener}. */
    public BrokerComponent deliveringTo(LocalReplicaListener listener) {
        return BrokerComponent.of("metadata view", () -> start(listener), this::close);
    }

    private void start(LocalReplicaListener listener) {
        var started = new ZkMetadataCache(zk, brokerId, listener);
        view = started;
        started.start(timeout);
    }

    private void close() {
        if (view != null) {
            view.close();
        }
    }

    @Override
    public int localBrokerId() {
        return brokerId;
    }

    @Override
    public ClusterMetadata current() {
        ZkMetadataCache current = view;
        return current == null ? ClusterMetadata.EMPTY : current.current();
    }

    @Override
    public CompletableFuture<ClusterMetadata> awaitUntil(Predicate<ClusterMetadata> condition) {
        ZkMetadataCache current = view;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the metadata view has not started"));
        }
        return current.awaitUntil(condition);
    }

    /** Whether the partition exists in the cluster, on any broker. */
    @Override
    public boolean exists(TopicPartition tp) {
        return !current().replicas(tp).isEmpty();
    }
}
