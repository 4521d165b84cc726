package io.runnel.broker.zk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /cluster/id}: {@code {"version":"1","id":"<22-char base64url uuid>"}}. The version is a JSON string
 * here, unlike every other Kafka znode.
 */
public final class ClusterIdZNode {

    public static final String PATH = ZkPaths.CLUSTER + "/id";

    private ClusterIdZNode() {}

    public static byte[] encode(String clusterId) {
        ObjectNode node = ZkJson.object().put("version", "1").put("id", clusterId);
        return ZkJson.bytes(node);
    }

    public static String decode(byte[] data) {
        JsonNode node = ZkJson.parse(PATH, data);
        return ZkJson.required(PATH, node, "id").asText();
    }
}
