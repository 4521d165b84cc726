package io.runnel.broker.api.fetch;

import java.util.Optional;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * A partition in a fetch session: what the client last asked for, and what it was last told (high watermark,
 * log start offset), so an incremental response can leave out partitions with nothing new (KIP-227).
 */
final class CachedPartition {

    private long fetchOffset;
    private int maxBytes;
    private Optional<Integer> currentLeaderEpoch;
    private Optional<Integer> lastFetchedEpoch;
    /** -1 until the client was told one, so a new or recovered partition is always sent. */
    private long highWatermark = FetchResponse.INVALID_HIGH_WATERMARK;

    private long logStartOffset = FetchResponse.INVALID_LOG_START_OFFSET;

    CachedPartition(PartitionFetch fetch) {
        update(fetch);
    }

    void update(PartitionFetch fetch) {
        fetchOffset = fetch.fetchOffset();
        maxBytes = fetch.maxBytes();
        currentLeaderEpoch = fetch.currentLeaderEpoch();
        lastFetchedEpoch = fetch.lastFetchedEpoch();
    }

    PartitionFetch toFetch(TopicIdPartition partition) {
        return new PartitionFetch(partition, fetchOffset, maxBytes, currentLeaderEpoch, lastFetchedEpoch);
    }

    /**
     * Whether the client must hear about this partition (records, a changed high watermark or log start
     * offset, an error, a divergence), remembering what it is told when {@code update} is set.
     */
    boolean mustRespond(PartitionData data, boolean update) {
        boolean respond = FetchResponse.recordsSize(data) > 0
                || FetchResponse.isDivergingEpoch(data)
                || FetchResponse.isPreferredReplica(data);
        if (data.highWatermark() != highWatermark) {
            respond = true;
            if (update) {
                highWatermark = data.highWatermark();
            }
        }
        if (data.logStartOffset() != logStartOffset) {
            respond = true;
            if (update) {
                logStartOffset = data.logStartOffset();
            }
        }
        if (data.errorCode() != Errors.NONE.code()) {
            respond = true;
            if (update) {
                // Forget the high watermark so the partition is sent again once the error clears.
                highWatermark = FetchResponse.INVALID_HIGH_WATERMARK;
            }
        }
        return respond;
    }
}
