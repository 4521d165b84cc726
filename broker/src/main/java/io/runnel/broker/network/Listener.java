package io.runnel.broker.network;

import java.util.Locale;
import java.util.Objects;

/**
 * One endpoint the broker accepts connections on, as in Kafka's {@code listeners} setting
 * ({@code PLAINTEXT://host:9092}). Port 0 binds an ephemeral port; {@link NetworkServer#boundPort(String)} tells
 * which. An empty host binds all interfaces.
 *
 * @param name listener name (upper case, e.g. {@code PLAINTEXT}); also the security protocol for now, since
 *     Runnel only speaks PLAINTEXT
 */
public record Listener(String name, String host, int port) {

    public Listener {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (name.isBlank()) {
            throw new IllegalArgumentException("listener name must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listener " + name + ": port " + port + " is not in 0..65535");
        }
        name = name.toUpperCase(Locale.ROOT);
    }

    public static Listener plaintext(String host, int port) {
        return new Listener("PLAINTEXT", host, port);
    }

    /** Parses {@code NAME://host:port}; {@code NAME://:port} binds all interfaces, IPv6 hosts in brackets. */
    public static Listener parse(String spec) {
        int separator = spec.indexOf("://");
        int colon = spec.lastIndexOf(':');
        if (separator <= 0 || colon <= separator + 2) {
            throw new IllegalArgumentException("listener '" + spec + "' is not of the form NAME://host:port");
        }
        String host = spec.substring(separator + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Listener(spec.substring(0, separator), host, Integer.parseInt(spec.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listener '" + spec + "' has no numeric port", e);
        }
    }
}
