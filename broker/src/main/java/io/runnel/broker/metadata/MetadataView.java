package io.runnel.broker.metadata;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Read side of the cluster metadata for request handlers. Kept in memory from ZooKeeper watches, so reading it
 * never blocks on ZooKeeper; it is eventually consistent with ZooKeeper (a handler may see a topic a few
 * milliseconds after its creation was acknowledged, exactly like a Kafka broker's metadata cache).
 */
public interface MetadataView {

    /** The id of the broker this view belongs to. */
    int localBrokerId();

    /** The latest snapshot; never null (empty before the first ZooKeeper read completes). */
    ClusterMetadata current();

    /**
     * Completes with the first snapshot (the current one included) that satisfies {@code condition}. Callers
     * bound the wait with {@link CompletableFuture#orTimeout}; a timed out future is dropped from the waiters.
     */
    CompletableFuture<ClusterMetadata> awaitUntil(Predicate<ClusterMetadata> condition);
}
