package io.runnel.broker.zk;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /config/topics/<topic>} and {@code /config/brokers/<id|<default>>}: config overrides of one entity,
 * {@code {"version":1,"config":{"retention.ms":"1000"}}}. Values are always JSON strings, as Kafka writes
 * them from a Properties object. An entity without overrides has {@code "config":{}} (Kafka keeps the znode).
 */
public final class ConfigEntityZNode {

    private ConfigEntityZNode() {}

    public static byte[] encode(Map<String, String> config) {
        ObjectNode node = ZkJson.object().put("version", 1);
        ObjectNode entries = node.putObject("config");
        new TreeMap<>(config).forEach(entries::put);
        return ZkJson.bytes(node);
    }

    /** The overrides; an empty or missing znode body means none, as in Kafka. */
    public static Map<String, String> decode(String path, byte[] data) {
        if (data == null || data.length == 0) {
            return Map.of();
        }
        JsonNode node = ZkJson.parse(path, data);
        return Map.copyOf(ZkJson.stringMap(node.get("config")));
    }
}
