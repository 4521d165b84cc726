package io.runnel.broker.zk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.broker.config.Endpoint;
import io.runnel.broker.metadata.LiveBroker;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * {@code /brokers/ids/<id>}, EPHEMERAL, one per live broker, in Kafka's version 5 format:
 *
 * <pre>
 * {"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://host:9092"],
 *  "rack":"r1","jmx_port":-1,"features":{},"host":"host","timestamp":"1700000000000","port":9092,"version":5}
 * </pre>
 *
 * {@code host}/{@code port} repeat the first PLAINTEXT endpoint for pre-0.10 clients (null/-1 without one);
 * {@code rack} is present only when set. Decoding accepts versions 1 to 5 as Kafka does: version 1 has only
 * host and port, later versions list endpoints; without a protocol map the listener name is the protocol.
 */
public final class BrokerIdZNode {

    public static final int VERSION = 5;

    private static final Pattern ENDPOINT = Pattern.compile("^(.*)://\\[?([0-9a-zA-Z\\-%._:]*)\\]?:(-?[0-9]+)$");

    private BrokerIdZNode() {}

    public static String path(int brokerId) {
        return ZkPaths.broker(brokerId);
    }

    public static byte[] encode(LiveBroker broker, long timestampMs) {
        ObjectNode node = ZkJson.object();
        ObjectNode protocols = node.putObject("listener_security_protocol_map");
        ArrayNode endpoints = node.putArray("endpoints");
        for (Endpoint endpoint : broker.endpoints()) {
            protocols.put(endpoint.listenerName(), endpoint.securityProtocol().name);
            endpoints.add(endpoint.connectionString());
        }
        broker.rack().ifPresent(rack -> node.put("rack", rack));
        node.put("jmx_port", -1);
        node.putObject("features");
        Optional<Endpoint> plaintext = broker.endpoints().stream()
                .filter(e -> e.securityProtocol() == SecurityProtocol.PLAINTEXT)
                .findFirst();
        if (plaintext.isPresent()) {
            node.put("host", plaintext.get().host());
        } else {
            node.putNull("host");
        }
        node.put("timestamp", Long.toString(timestampMs));
        node.put("port", plaintext.map(Endpoint::port).orElse(-1));
        node.put("version", VERSION);
        return ZkJson.bytes(node);
    }

    public static LiveBroker decode(int brokerId, byte[] data) {
        String path = path(brokerId);
        JsonNode node = ZkJson.parse(path, data);
        int version = ZkJson.intValue(path, node, "version");
        if (version < 1) {
            throw new ZNodeFormatException(path, "unsupported broker registration version " + version, null);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        if (version == 1) {
            String host = ZkJson.required(path, node, "host").asText();
            int port = ZkJson.intValue(path, node, "port");
            endpoints.add(new Endpoint("PLAINTEXT", host, port, SecurityProtocol.PLAINTEXT));
        } else {
            Map<String, String> protocols = ZkJson.stringMap(node.get("listener_security_protocol_map"));
            for (JsonNode endpoint : ZkJson.required(path, node, "endpoints")) {
                endpoints.add(parseEndpoint(path, endpoint.asText(), protocols));
            }
        }
        JsonNode rack = node.get("rack");
        Optional<String> rackValue = rack == null || rack.isNull() ? Optional.empty() : Optional.of(rack.asText());
        return new LiveBroker(brokerId, endpoints, rackValue);
    }

    private static Endpoint parseEndpoint(String path, String text, Map<String, String> protocols) {
        Matcher matcher = ENDPOINT.matcher(text);
        if (!matcher.matches()) {
            throw new ZNodeFormatException(path, "invalid endpoint '" + text + "'", null);
        }
        String listener = matcher.group(1);
        String protocolName = protocols.getOrDefault(listener, listener);
        SecurityProtocol protocol;
        try {
            protocol = SecurityProtocol.forName(protocolName);
        } catch (IllegalArgumentException e) {
            throw new ZNodeFormatException(path, "unknown security protocol '" + protocolName + "'", e);
        }
        return new Endpoint(listener, matcher.group(2), Integer.parseInt(matcher.group(3)), protocol);
    }
}
