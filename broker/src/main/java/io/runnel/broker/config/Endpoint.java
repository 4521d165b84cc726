package io.runnel.broker.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * One entry of {@code listeners} or {@code advertised.listeners}: {@code NAME://host:port}; also a listener a
 * broker registered in ZooKeeper, as other brokers see it.
 *
 * @param host the host to bind or advertise; empty binds every interface (Kafka's {@code PLAINTEXT://:9092})
 * @param port 0 binds a free port
 */
public record Endpoint(String listenerName, String host, int port, SecurityProtocol securityProtocol) {

    // NAME://host:port where host may be empty or a bracketed IPv6 address, as Kafka accepts.
    private static final Pattern ENDPOINT =
            Pattern.compile("^([a-zA-Z][a-zA-Z0-9_]*)://\\[?([0-9a-zA-Z\\-%._:]*)]?:(\\d+)$");

    /** Whether the endpoint binds every interface rather than one host. */
    public boolean bindsAllInterfaces() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    /** Kafka's connection string, {@code PLAINTEXT://host:9092}; an IPv6 host is bracketed. */
    public String connectionString() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return listenerName + "://" + shownHost + ":" + port;
    }

    @Override
    public String toString() {
        return connectionString();
    }

    /**
     * Parses a comma-separated listener list.
     *
     * @param configName the config being parsed, named in errors
     * @throws ConfigException naming {@code configName} for a malformed entry, a repeated listener name or a name
     *     missing from the security protocol map
     */
    static List<Endpoint> parseList(
            String configName, String value, Map<String, SecurityProtocol> securityProtocolMap) {
        List<Endpoint> endpoints = new ArrayList<>();
        var names = new HashSet<String>();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            Matcher m = ENDPOINT.matcher(trimmed);
            if (!m.matches()) {
                throw new ConfigException(configName, value, "'" + trimmed + "' is not of the form NAME://host:port");
            }
            String name = m.group(1).toUpperCase(Locale.ROOT);
            int port;
            try {
                port = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new ConfigException(configName, value, "port " + m.group(3) + " is not in [0, 65535]");
            }
            SecurityProtocol protocol = securityProtocolMap.get(name);
            if (protocol == null) {
                throw new ConfigException(
                        configName,
                        value,
                        "listener name " + name + " is not in " + BrokerConfig.LISTENER_SECURITY_PROTOCOL_MAP);
            }
            if (!names.add(name)) {
                throw new ConfigException(configName, value, "listener name " + name + " appears more than once");
            }
            endpoints.add(new Endpoint(name, m.group(2), port, protocol));
        }
        return List.copyOf(endpoints);
    }

    /**
     * Parses {@code listener.security.protocol.map}: {@code NAME:PROTOCOL,...}.
     *
     * @throws ConfigException naming the config for a malformed entry or an unknown protocol
     */
    static Map<String, SecurityProtocol> parseSecurityProtocolMap(String configName, String value) {
        var map = new java.util.LinkedHashMap<String, SecurityProtocol>();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new ConfigException(configName, value, "'" + trimmed + "' is not of the form NAME:PROTOCOL");
            }
            String protocolName = trimmed.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
            SecurityProtocol protocol;
            try {
                protocol = SecurityProtocol.forName(protocolName);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(configName, value, "unknown security protocol " + protocolName);
            }
            map.put(trimmed.substring(0, colon).trim().toUpperCase(Locale.ROOT), protocol);
        }
        return Map.copyOf(map);
    }
}
