package io.runnel.broker.zk;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.broker.metadata.TopicAssignment;
import org.apache.kafka.common.Uuid;

/**
 * {@code /brokers/topics/<topic>}: the replica assignment, in Kafka's version 3 format (topic ids, KIP-516):
 *
 * <pre>
 * {"partitions":{"0":[1,2],"1":[2,1]},"topic_id":"<base64url uuid>","adding_replicas":{},"removing_replicas":{},
 *  "version":3}
 * </pre>
 *
 * Partition keys are decimal strings. Runnel does no reassignment yet, so it writes empty
 * adding/removing maps and reads only {@code partitions}. Topics written by Kafka before 2.8 have no
 * {@code topic_id}; they decode with {@link Uuid#ZERO_UUID} and the controller assigns one.
 */
public final class TopicZNode {

    public static final int VERSION = 3;

    private TopicZNode() {}

    public static String path(String topic) {
        return ZkPaths.topic(topic);
    }

    public static byte[] encode(TopicAssignment topic) {
        ObjectNode node = ZkJson.object();
        ObjectNode partitions = node.putObject("partitions");
        topic.replicas().forEach((p, replicas) -> partitions.set(Integer.toString(p), ZkJson.intArray(replicas)));
        node.put("topic_id", topic.topicId().toString());
        node.putObject("adding_replicas");
        node.putObject("removing_replicas");
        node.put("version", VERSION);
        return ZkJson.bytes(node);
    }

    public static TopicAssignment decode(String topic, byte[] data) {
        String path = path(topic);
        JsonNode node = ZkJson.parse(path, data);
        Map<Integer, java.util.List<Integer>> replicas = new TreeMap<>();
        JsonNode partitions = node.get("partitions");
        if (partitions != null && partitions.isObject()) {
            for (var entry : partitions.properties()) {
                int partition;
                try {
                    partition = Integer.parseInt(entry.getKey());
                } catch (NumberFormatException e) {
                    throw new ZNodeFormatException(path, "partition key is not a number: " + entry.getKey(), e);
                }
                replicas.put(partition, ZkJson.intList(path, entry.getValue()));
            }
        }
        JsonNode topicId = node.get("topic_id");
        Uuid id;
        try {
            id = topicId == null || topicId.isNull() ? Uuid.ZERO_UUID : Uuid.fromString(topicId.asText());
        } catch (IllegalArgumentException e) {
            throw new ZNodeFormatException(path, "invalid topic_id " + topicId, e);
        }
        return TopicAssignment.of(topic, id, replicas);
    }
}
