package io.runnel.broker.group.consumer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.common.Uuid;

/**
 * Spreads all subscribed partitions evenly over the members while moving as few as possible (KIP-848's default
 * assignor). Each member keeps partitions it owns up to its fair share ({@code floor(total / members)}, and one
 * more for as many members as {@code total % members} allows); the rest go, one at a time in a deterministic
 * order, to the least loaded member subscribed to their topic.
 */
public final class UniformAssignor implements PartitionAssignor {

    public static final String NAME = "uniform";

    private record TopicPartitionRef(Uuid topic, int partition) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(Spec spec) {
        List<String> memberIds = new ArrayList<>(spec.members().keySet());
        memberIds.sort(null);
        Map<String, Map<Uuid, Set<Integer>>> result = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        memberIds.forEach(m -> {
            result.put(m, new HashMap<>());
            counts.put(m, 0);
        });
        if (memberIds.isEmpty()) {
            return Map.of();
        }
        List<TopicPartitionRef> all = new ArrayList<>();
        new TreeMap<>(spec.partitionCounts()).forEach((topic, count) -> {
            boolean subscribed = spec.members().values().stream()
                    .anyMatch(m -> m.subscribedTopics().contains(topic));
            if (subscribed) {
                for (int p = 0; p < count; p++) {
                    all.add(new TopicPartitionRef(topic, p));
                }
            }
        });
        int floor = all.size() / memberIds.size();
        int extrasLeft = all.size() % memberIds.size();
        Set<TopicPartitionRef> taken = new java.util.HashSet<>();

        // Stickiness: keep owned partitions up to the floor share, then up to one more while extras remain.
        for (int pass = 0; pass < 2; pass++) {
            for (String id : memberIds) {
                MemberSpec member = spec.members().get(id);
                for (Map.Entry<Uuid, Set<Integer>> e :
                        new TreeMap<>(member.current().partitions()).entrySet()) {
                    Integer count = spec.partitionCounts().get(e.getKey());
                    if (count == null || !member.subscribedTopics().contains(e.getKey())) {
                        continue;
                    }
                    for (int p : e.getValue()) {
                        TopicPartitionRef ref = new TopicPartitionRef(e.getKey(), p);
                        if (p >= count || taken.contains(ref)) {
                            continue;
                        }
                        int c = counts.get(id);
                        boolean fits = pass == 0 ? c < floor : c == floor && extrasLeft > 0;
                        if (!fits) {
                            continue;
                        }
                        if (pass == 1) {
                            extrasLeft--;
                        }
                        take(result, counts, taken, id, ref);
                    }
                }
            }
        }
        for (TopicPartitionRef ref : all) {
            if (taken.contains(ref)) {
                continue;
            }
            String best = memberIds.stream()
                    .filter(id -> spec.members().get(id).subscribedTopics().contains(ref.topic()))
                    .min(Comparator.comparingInt(counts::get))
                    .orElse(null);
            if (best != null) {
                take(result, counts, taken, best, ref);
            }
        }
        Map<String, Assignment> assignments = new HashMap<>();
        result.forEach((id, partitions) -> assignments.put(id, new Assignment(partitions)));
        return assignments;
    }

    private static void take(
            Map<String, Map<Uuid, Set<Integer>>> result,
            Map<String, Integer> counts,
            Set<TopicPartitionRef> taken,
            String member,
            TopicPartitionRef ref) {
        result.get(member).computeIfAbsent(ref.topic(), t -> new TreeSet<>()).add(ref.partition());
        counts.merge(member, 1, Integer::sum);
        taken.add(ref);
    }
}
