package io.runnel.broker.api.fetch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * How one Fetch relates to fetch sessions (KIP-227): which partitions to read and how to shape the response.
 */
sealed interface FetchContext {

    /** The partitions to read, in response order. */
    List<PartitionFetch> fetches();

    /** The response for what was read. */
    FetchResponse response(LinkedHashMap<TopicIdPartition, PartitionData> results);

    /** A fetch outside any session (sessions unsupported by the client, or it closed its session). */
    record Sessionless(List<PartitionFetch> fetches) implements FetchContext {
        @Override
        public FetchResponse response(LinkedHashMap<TopicIdPartition, PartitionData> results) {
            return build(Errors.NONE, FetchMetadata.INVALID_SESSION_ID, results);
        }
    }

    /**
     * A full fetch that opens a new session: every partition is answered, and a session caching them is created
     * if the cache has (or can free) a slot; otherwise the response carries session id 0 and the client keeps
     * sending full fetches.
     */
    record Full(List<PartitionFetch> fetches, FetchSessionCache cache, boolean privileged, boolean usesTopicIds)
            implements FetchContext {
        @Override
        public FetchResponse response(LinkedHashMap<TopicIdPartition, PartitionData> results) {
            var cached = new LinkedHashMap<TopicIdPartition, CachedPartition>();
            for (PartitionFetch fetch : fetches) {
                var partition = new CachedPartition(fetch);
                PartitionData data = results.get(fetch.partition());
                if (data != null) {
                    partition.mustRespond(data, true);
                }
                cached.put(fetch.partition(), partition);
            }
            int sessionId = cache.maybeCreateSession(privileged, usesTopicIds, cached);
            return build(Errors.NONE, sessionId, results);
        }
    }

    /** A fetch within an existing session: only partitions with something new are answered. */
    record Incremental(FetchSession session) implements FetchContext {
        @Override
        public List<PartitionFetch> fetches() {
            return session.fetches();
        }

        @Override
        public FetchResponse response(LinkedHashMap<TopicIdPartition, PartitionData> results) {
            session.retainChanged(results);
            return build(Errors.NONE, session.id(), results);
        }
    }

    /** A session error (unknown session, wrong epoch, ...) answered at the top level with no partitions. */
    record SessionError(Errors error) implements FetchContext {
        @Override
        public List<PartitionFetch> fetches() {
            return List.of();
        }

        @Override
        public FetchResponse response(LinkedHashMap<TopicIdPartition, PartitionData> results) {
            return build(error, FetchMetadata.INVALID_SESSION_ID, new LinkedHashMap<>());
        }
    }

    /** Groups consecutive partitions of one topic, keeping the read order. */
    private static FetchResponse build(
            Errors error, int sessionId, LinkedHashMap<TopicIdPartition, PartitionData> results) {
        var data = new FetchResponseData().setErrorCode(error.code()).setSessionId(sessionId);
        FetchableTopicResponse current = null;
        for (var entry : results.entrySet()) {
            TopicIdPartition partition = entry.getKey();
            if (current == null
                    || !Objects.equals(current.topic(), partition.topic())
                    || !Objects.equals(current.topicId(), partition.topicId())) {
                current =
                        new FetchableTopicResponse().setTopic(partition.topic()).setTopicId(partition.topicId());
                data.responses().add(current);
            }
            current.partitions().add(entry.getValue().setPartitionIndex(partition.partition()));
        }
        return FetchResponse.of(data);
    }
}
