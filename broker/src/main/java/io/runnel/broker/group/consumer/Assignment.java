package io.runnel.broker.group.consumer;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.Uuid;

/** An immutable set of partitions by topic id: a member's target, current or pending-revocation assignment. */
public record Assignment(Map<Uuid, Set<Integer>> partitions) {

    public static final Assignment EMPTY = new Assignment(Map.of());

    public Assignment {
        Map<Uuid, Set<Integer>> copy = new HashMap<>();
        partitions.forEach((topic, ps) -> {
            if (!ps.isEmpty()) {
                copy.put(topic, Collections.unmodifiableSet(new TreeSet<>(ps)));
            }
        });
        partitions = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return partitions.isEmpty();
    }

    public boolean contains(Uuid topicId, int partition) {
        Set<Integer> ps = partitions.get(topicId);
        return ps != null && ps.contains(partition);
    }

    public int size() {
        return partitions.values().stream().mapToInt(Set::size).sum();
    }

    public Assignment minus(Assignment other) {
        Map<Uuid, Set<Integer>> result = new HashMap<>();
        partitions.forEach((topic, ps) -> {
            Set<Integer> left = new TreeSet<>(ps);
            left.removeAll(other.partitions.getOrDefault(topic, Set.of()));
            result.put(topic, left);
        });
        return new Assignment(result);
    }

    public Assignment intersect(Assignment other) {
        Map<Uuid, Set<Integer>> result = new HashMap<>();
        partitions.forEach((topic, ps) -> {
            Set<Integer> both = new TreeSet<>(ps);
            both.retainAll(other.partitions.getOrDefault(topic, Set.of()));
            result.put(topic, both);
        });
        return new Assignment(result);
    }

    public Assignment plus(Assignment other) {
        Map<Uuid, Set<Integer>> result = new HashMap<>();
        partitions.forEach((topic, ps) -> result.put(topic, new TreeSet<>(ps)));
        other.partitions.forEach((topic, ps) ->
                result.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(ps));
        return new Assignment(result);
    }

    public boolean isSubsetOf(Assignment other) {
        return minus(other).isEmpty();
    }
}
