package io.runnel.broker.zk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /config/changes/config_change_<10-digit sequence>}, PERSISTENT_SEQUENTIAL: tells brokers which
 * entity's config changed, {@code {"version":2,"entity_path":"topics/orders"}} (or {@code "brokers/<default>"}).
 * Kafka brokers react to these; Runnel brokers watch {@code /config/topics} and {@code /config/brokers} directly
 * but still write the notification so Kafka tooling and mixed clusters observe the change.
 */
public final class ConfigChangeNotificationZNode {

    public static final String PREFIX = ZkPaths.CONFIG_CHANGES + "/config_change_";

    private ConfigChangeNotificationZNode() {}

    public static byte[] encode(String entityType, String entityName) {
        ObjectNode node = ZkJson.object().put("version", 2).put("entity_path", entityType + "/" + entityName);
        return ZkJson.bytes(node);
    }

    /** The entity path, e.g. {@code topics/orders}. */
    public static String decode(String path, byte[] data) {
        JsonNode node = ZkJson.parse(path, data);
        return ZkJson.required(path, node, "entity_path").asText();
    }
}
