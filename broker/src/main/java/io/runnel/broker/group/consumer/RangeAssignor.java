package io.runnel.broker.group.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.Uuid;

/**
 * Range assignment per topic: the members subscribed to a topic, in member-id order, each get a contiguous range
 * of its partitions, the first {@code partitions % members} one more than the others. Co-partitioned topics thus
 * land partition-aligned on the same members.
 */
public final class RangeAssignor implements PartitionAssignor {

    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(Spec spec) {
        Map<String, Map<Uuid, Set<Integer>>> result = new HashMap<>();
        spec.members().keySet().forEach(m -> result.put(m, new HashMap<>()));
        spec.partitionCounts().forEach((topic, count) -> {
            List<String> subscribers = new ArrayList<>();
            spec.members().forEach((id, member) -> {
                if (member.subscribedTopics().contains(topic)) {
                    subscribers.add(id);
                }
            });
            if (subscribers.isEmpty()) {
                return;
            }
            subscribers.sort(null);
            int n = subscribers.size();
            int base = count / n;
            int extra = count % n;
            int next = 0;
            for (int i = 0; i < n; i++) {
                int size = base + (i < extra ? 1 : 0);
                Set<Integer> range = new TreeSet<>();
                for (int p = next; p < next + size; p++) {
                    range.add(p);
                }
                next += size;
                result.get(subscribers.get(i)).put(topic, range);
            }
        });
        Map<String, Assignment> assignments = new HashMap<>();
        result.forEach((id, partitions) -> assignments.put(id, new Assignment(partitions)));
        return assignments;
    }
}
