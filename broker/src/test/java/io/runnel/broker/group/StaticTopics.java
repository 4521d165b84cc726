package io.runnel.broker.group;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.kafka.common.Uuid;

/** Topic metadata for tests: topics added by name with a partition count and a fixed id. */
public final class StaticTopics implements TopicMetadataLookup {

    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, Uuid> ids = new HashMap<>();

    public Uuid add(String topic, int partitions) {
        counts.put(topic, partitions);
        return ids.computeIfAbsent(topic, t -> new Uuid(t.hashCode(), 42L));
    }

    @Override
    public OptionalInt partitionCount(String topic) {
        Integer n = counts.get(topic);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    @Override
    public Optional<Uuid> topicId(String topic) {
        return Optional.ofNullable(ids.get(topic));
    }

    @Override
    public Optional<String> topicName(Uuid topicId) {
        return ids.entrySet().stream()
                .filter(e -> e.getValue().equals(topicId))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
