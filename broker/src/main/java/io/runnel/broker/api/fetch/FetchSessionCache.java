package io.runnel.broker.api.fetch;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.utils.Time;

/**
 * The broker's incremental fetch sessions (KIP-227), bounded by {@code max.incremental.fetch.session.cache.slots}.
 *
 * <p>When the cache is full a new session takes the slot of a session unused for longer than
 * {@code min.incremental.fetch.session.eviction.ms}; failing that, of a less valuable one, as Kafka decides:
 * followers' sessions (privileged) outrank consumers', a larger session outranks a smaller one, and a session
 * younger than the eviction time can only be displaced by a privileged one. With no slot the client gets
 * session id 0 and keeps sending full fetches.
 */
public final class FetchSessionCache {

    /** Kafka's default {@code max.incremental.fetch.session.cache.slots}. */
    public static final int DEFAULT_MAX_SLOTS = 1000;

    /** Kafka's default {@code min.incremental.fetch.session.eviction.ms}. */
    public static final long DEFAULT_EVICTION_MS = 120_000L;

    private final int maxSlots;
    private final long evictionMs;
    private final Time time;
    private final Map<Integer, FetchSession> sessions = new HashMap<>();

    public FetchSessionCache(int maxSlots, long evictionMs, Time time) {
        if (maxSlots < 0) {
            throw new IllegalArgumentException("Fetch session cache slots must not be negative: " + maxSlots);
        }
        this.maxSlots = maxSlots;
        this.evictionMs = evictionMs;
        this.time = time;
    }

    public synchronized int size() {
        return sessions.size();
    }

    /**
     * Decides how a Fetch uses sessions, following its session id and epoch: epoch 0 opens a new session
     * (closing the named one), epoch -1 fetches without one (closing the named one), any other epoch continues
     * the named session, which must exist (else FETCH_SESSION_ID_NOT_FOUND), be at that epoch (else
     * INVALID_FETCH_SESSION_EPOCH) and name topics the same way (else FETCH_SESSION_TOPIC_ID_ERROR).
     */
    FetchContext newContext(
            FetchMetadata metadata,
            List<PartitionFetch> fetches,
            List<TopicIdPartition> forgotten,
            boolean privileged,
            boolean usesTopicIds) {
        if (metadata.isFull()) {
            if (metadata.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
                remove(metadata.sessionId());
            }
            return metadata.epoch() == FetchMetadata.FINAL_EPOCH
                    ? new FetchContext.Sessionless(fetches)
                    : new FetchContext.Full(fetches, this, privileged, usesTopicIds);
        }
        synchronized (this) {
            FetchSession session = sessions.get(metadata.sessionId());
            if (session == null) {
                return new FetchContext.SessionError(Errors.FETCH_SESSION_ID_NOT_FOUND);
            }
            if (session.epoch() != metadata.epoch()) {
                return new FetchContext.SessionError(Errors.INVALID_FETCH_SESSION_EPOCH);
            }
            if (session.usesTopicIds() != usesTopicIds) {
                return new FetchContext.SessionError(Errors.FETCH_SESSION_TOPIC_ID_ERROR);
            }
            session.update(fetches, forgotten, time.milliseconds());
            if (session.size() == 0) {
                sessions.remove(session.id());
                return new FetchContext.Sessionless(List.of());
            }
            return new FetchContext.Incremental(session);
        }
    }

    /** Creates a session if a slot is free or can be freed; returns its id, or 0 when there is none. */
    synchronized int maybeCreateSession(
            boolean privileged, boolean usesTopicIds, LinkedHashMap<TopicIdPartition, CachedPartition> partitions) {
        if (sessions.size() >= maxSlots && !evictOneFor(privileged, partitions.size())) {
            return FetchMetadata.INVALID_SESSION_ID;
        }
        if (maxSlots == 0) {
            return FetchMetadata.INVALID_SESSION_ID;
        }
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(id));
        sessions.put(id, new FetchSession(id, privileged, usesTopicIds, time.milliseconds(), partitions));
        return id;
    }

    synchronized void remove(int sessionId) {
        sessions.remove(sessionId);
    }

    synchronized boolean contains(int sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** A linear scan: sessions are created rarely, and the cache is small (1000 by default). */
    private boolean evictOneFor(boolean privileged, int size) {
        long now = time.milliseconds();
        FetchSession leastRecentlyUsed = null;
        FetchSession leastValuable = null;
        for (FetchSession session : sessions.values()) {
            if (leastRecentlyUsed == null || session.lastUsedMs() < leastRecentlyUsed.lastUsedMs()) {
                leastRecentlyUsed = session;
            }
            boolean displaceable = now - session.creationMs() > evictionMs || (privileged && !session.privileged());
            if (displaceable && (leastValuable == null || lessValuable(session, leastValuable))) {
                leastValuable = session;
            }
        }
        if (leastRecentlyUsed != null && now - leastRecentlyUsed.lastUsedMs() > evictionMs) {
            sessions.remove(leastRecentlyUsed.id());
            return true;
        }
        if (leastValuable != null && moreValuable(privileged, size, leastValuable)) {
            sessions.remove(leastValuable.id());
            return true;
        }
        return false;
    }

    private static boolean lessValuable(FetchSession a, FetchSession b) {
        if (a.privileged() != b.privileged()) {
            return !a.privileged();
        }
        return a.size() < b.size();
    }

    private static boolean moreValuable(boolean privileged, int size, FetchSession existing) {
        if (privileged != existing.privileged()) {
            return privileged;
        }
        return size > existing.size();
    }
}
