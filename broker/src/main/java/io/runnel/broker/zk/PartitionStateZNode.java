package io.runnel.broker.zk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.broker.metadata.PartitionState;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code /brokers/topics/<topic>/partitions/<p>/state}, written only by the controller with conditional sets:
 * {@code {"controller_epoch":1,"leader":1,"version":1,"leader_epoch":0,"isr":[1]}}. Kafka 3.2+ may add
 * {@code leader_recovery_state}; it is ignored when reading.
 */
public final class PartitionStateZNode {

    private PartitionStateZNode() {}

    public static String path(TopicPartition partition) {
        return ZkPaths.partition(partition) + "/state";
    }

    public static byte[] encode(PartitionState state) {
        ObjectNode node = ZkJson.object()
                .put("controller_epoch", state.controllerEpoch())
                .put("leader", state.leader())
                .put("version", 1)
                .put("leader_epoch", state.leaderEpoch());
        node.set("isr", ZkJson.intArray(state.isr()));
        return ZkJson.bytes(node);
    }

    public static PartitionState decode(TopicPartition partition, byte[] data) {
        String path = path(partition);
        JsonNode node = ZkJson.parse(path, data);
        return new PartitionState(
                ZkJson.intValue(path, node, "leader"),
                ZkJson.intValue(path, node, "leader_epoch"),
                ZkJson.intList(path, ZkJson.required(path, node, "isr")),
                ZkJson.intValue(path, node, "controller_epoch"));
    }
}
