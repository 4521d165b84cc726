package io.runnel.broker.zk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON reading and writing shared by the znode codecs. Decoding is lenient the way Kafka's is: unknown fields
 * are ignored (newer Kafka versions add fields), missing required fields are a {@link ZNodeFormatException}
 * naming the znode.
 */
final class ZkJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ZkJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode intArray(List<Integer> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + node, e);
        }
    }

    static JsonNode parse(String path, byte[] data) {
        if (data == null || data.length == 0) {
            throw new ZNodeFormatException(path, "no data", null);
        }
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node == null || !node.isObject()) {
                throw new ZNodeFormatException(path, "not a JSON object: " + text(data), null);
            }
            return node;
        } catch (IOException e) {
            throw new ZNodeFormatException(path, "invalid JSON: " + text(data), e);
        }
    }

    static JsonNode required(String path, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ZNodeFormatException(path, "missing field '" + field + "'", null);
        }
        return value;
    }

    /** Kafka writes some numbers as JSON strings (timestamps, producer id blocks); accept both. */
    static long longValue(String path, JsonNode node, String field) {
        JsonNode value = required(path, node, field);
        if (value.isNumber()) {
            return value.longValue();
        }
        try {
            return Long.parseLong(value.asText());
        } catch (NumberFormatException e) {
            throw new ZNodeFormatException(path, "field '" + field + "' is not a number: " + value, e);
        }
    }

    static int intValue(String path, JsonNode node, String field) {
        return Math.toIntExact(longValue(path, node, field));
    }

    static List<Integer> intList(String path, JsonNode array) {
        if (!array.isArray()) {
            throw new ZNodeFormatException(path, "expected an array of integers, got " + array, null);
        }
        List<Integer> values = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (!element.canConvertToInt()) {
                throw new ZNodeFormatException(path, "expected an integer, got " + element, null);
            }
            values.add(element.intValue());
        }
        return List.copyOf(values);
    }

    /** A JSON object of string values (config maps); non-string scalars are taken by their text. */
    static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
