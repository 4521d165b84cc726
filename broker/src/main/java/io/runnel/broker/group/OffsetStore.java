package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.runnel.broker.group.records.OffsetCommitValue;
import org.apache.kafka.common.TopicPartition;

/**
 * The committed offsets of a shard's groups, as of the records applied so far (replayed or appended). Each entry
 * remembers the log offset of the record that set it, so that a completion arriving out of order never replaces a
 * newer commit with an older one. Touched only from the shard's executor.
 */
final class OffsetStore {

    /** A committed offset and the position of its record in the offsets partition. */
    record CommittedOffset(OffsetCommitValue value, long recordOffset) {}

    private final Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();

    void put(String group, TopicPartition tp, OffsetCommitValue value, long recordOffset) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.computeIfAbsent(group, g -> new HashMap<>());
        CommittedOffset current = offsets.get(tp);
        if (current == null || current.recordOffset() < recordOffset) {
            offsets.put(tp, new CommittedOffset(value, recordOffset));
        }
    }

    void remove(String group, TopicPartition tp, long recordOffset) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(group);
        if (offsets == null) {
            return;
        }
        CommittedOffset current = offsets.get(tp);
        if (current != null && current.recordOffset() < recordOffset) {
            offsets.remove(tp);
        }
        if (offsets.isEmpty()) {
            byGroup.remove(group);
        }
    }

    void removeGroup(String group) {
        byGroup.remove(group);
    }

    Optional<OffsetCommitValue> get(String group, TopicPartition tp) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(group);
        CommittedOffset c = offsets == null ? null : offsets.get(tp);
        return c == null ? Optional.empty() : Optional.of(c.value());
    }

    Map<TopicPartition, OffsetCommitValue> all(String group) {
        Map<TopicPartition, OffsetCommitValue> result = new HashMap<>();
        byGroup.getOrDefault(group, Map.of()).forEach((tp, c) -> result.put(tp, c.value()));
        return result;
    }

    boolean hasOffsets(String group) {
        return byGroup.containsKey(group);
    }

    Set<String> groups() {
        return byGroup.keySet();
    }

    /**
     * Offsets of {@code group} that retention removes at {@code nowMs}. Kafka's rule: an offset with an explicit
     * expire timestamp (OffsetCommit v1-v4 retention_time) expires then; otherwise {@code retentionMs} after the
     * baseline, which is the time the group became empty when known, else the commit time.
     */
    List<TopicPartition> expired(String group, long nowMs, long retentionMs, long emptySinceMs) {
        List<TopicPartition> result = new ArrayList<>();
        byGroup.getOrDefault(group, Map.of()).forEach((tp, c) -> {
            OffsetCommitValue v = c.value();
            boolean expired;
            if (v.expireTimestamp().isPresent()) {
                expired = nowMs >= v.expireTimestamp().getAsLong();
            } else {
                long baseline = emptySinceMs >= 0 ? emptySinceMs : v.commitTimestamp();
                expired = baseline + retentionMs <= nowMs;
            }
            if (expired) {
                result.add(tp);
            }
        });
        return result;
    }
}
