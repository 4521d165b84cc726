package io.runnel.broker.api.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.requests.FetchMetadata;

/**
 * A client's incremental fetch session (KIP-227): the partitions it fetches, so later requests carry only
 * changes. {@link #epoch} is the epoch the next request must carry; it moves on with each incremental fetch.
 * Guarded by its own monitor.
 */
final class FetchSession {

    private final int id;
    private final boolean privileged;
    private final boolean usesTopicIds;
    private final long creationMs;
    private final LinkedHashMap<TopicIdPartition, CachedPartition> partitions;
    private long lastUsedMs;
    private int epoch;

    FetchSession(
            int id,
            boolean privileged,
            boolean usesTopicIds,
            long nowMs,
            LinkedHashMap<TopicIdPartition, CachedPartition> partitions) {
        this.id = id;
        this.privileged = privileged;
        this.usesTopicIds = usesTopicIds;
        this.creationMs = nowMs;
        this.lastUsedMs = nowMs;
        this.partitions = partitions;
        this.epoch = FetchMetadata.nextEpoch(FetchMetadata.INITIAL_EPOCH);
    }

    int id() {
        return id;
    }

    boolean privileged() {
        return privileged;
    }

    boolean usesTopicIds() {
        return usesTopicIds;
    }

    long creationMs() {
        return creationMs;
    }

    synchronized long lastUsedMs() {
        return lastUsedMs;
    }

    synchronized int epoch() {
        return epoch;
    }

    synchronized int size() {
        return partitions.size();
    }

    /** Applies an incremental request: adds or updates the partitions it names, drops the forgotten ones. */
    synchronized void update(List<PartitionFetch> fetches, List<TopicIdPartition> forgotten, long nowMs) {
        for (PartitionFetch fetch : fetches) {
            CachedPartition cached = partitions.get(fetch.partition());
            if (cached == null) {
                partitions.put(fetch.partition(), new CachedPartition(fetch));
            } else {
                cached.update(fetch);
            }
        }
        forgotten.forEach(partitions::remove);
        lastUsedMs = nowMs;
        epoch = FetchMetadata.nextEpoch(epoch);
    }

    /** The session's partitions as the next read should fetch them. */
    synchronized List<PartitionFetch> fetches() {
        var fetches = new ArrayList<PartitionFetch>(partitions.size());
        partitions.forEach((partition, cached) -> fetches.add(cached.toFetch(partition)));
        return fetches;
    }

    /** Keeps the partitions the client must hear about, remembering what it is told. */
    synchronized void retainChanged(Map<TopicIdPartition, PartitionData> results) {
        results.entrySet().removeIf(entry -> {
            CachedPartition cached = partitions.get(entry.getKey());
            return cached != null && !cached.mustRespond(entry.getValue(), true);
        });
    }
}
