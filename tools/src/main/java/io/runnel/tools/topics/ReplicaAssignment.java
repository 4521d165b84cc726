package io.runnel.tools.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.runnel.tools.cli.ToolException;

/**
 * A {@code --replica-assignment}: partitions separated by commas, each a colon-separated list of broker ids, the
 * first being the preferred leader ({@code 1:2,2:3} is partition 0 on brokers 1 and 2, partition 1 on 2 and 3).
 */
public record ReplicaAssignment(Map<Integer, List<Integer>> replicasByPartition) {

    public ReplicaAssignment {
        replicasByPartition = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(replicasByPartition));
    }

    /**
     * Parses Kafka's syntax.
     *
     * @throws ToolException for a non-numeric id, an empty or duplicate entry, or partitions with different
     *     replication factors
     */
    public static ReplicaAssignment parse(String text) {
        var result = new LinkedHashMap<Integer, List<Integer>>();
        String[] partitions = text.split(",", -1);
        for (int partition = 0; partition < partitions.length; partition++) {
            var brokers = new ArrayList<Integer>();
            for (String id : partitions[partition].split(":", -1)) {
                try {
                    brokers.add(Integer.parseInt(id.trim()));
                } catch (NumberFormatException e) {
                    throw new ToolException("Invalid broker id '" + id + "' in --replica-assignment " + text);
                }
            }
            if (new LinkedHashSet<>(brokers).size() != brokers.size()) {
                throw new ToolException(
                        "Partition replica lists may not contain duplicate entries: " + partitions[partition]);
            }
            if (partition > 0 && brokers.size() != result.get(0).size()) {
                throw new ToolException(
                        "Partition " + partition + " has different replication factor: " + partitions[partition]);
            }
            result.put(partition, List.copyOf(brokers));
        }
        return new ReplicaAssignment(result);
    }

    public int partitionCount() {
        return replicasByPartition.size();
    }
}
