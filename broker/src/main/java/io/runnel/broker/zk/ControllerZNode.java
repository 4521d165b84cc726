package io.runnel.broker.zk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /controller}, EPHEMERAL, owned by the active controller's session:
 * {@code {"version":2,"brokerid":1,"timestamp":"1700000000000"}}. Kafka 3.4+ may add
 * {@code "kraftControllerEpoch"} during a KRaft migration; Runnel never writes it and ignores it when reading.
 */
public final class ControllerZNode {

    public static final String PATH = "/controller";

    private ControllerZNode() {}

    public static byte[] encode(int brokerId, long timestampMs) {
        ObjectNode node = ZkJson.object()
                .put("version", 2)
                .put("brokerid", brokerId)
                .put("timestamp", Long.toString(timestampMs));
        return ZkJson.bytes(node);
    }

    /** The controller's broker id. */
    public static int decode(byte[] data) {
        JsonNode node = ZkJson.parse(PATH, data);
        return ZkJson.intValue(PATH, node, "brokerid");
    }
}
