package io.runnel.broker.metadata;

import java.util.List;
import java.util.Optional;

/** A broker currently registered (session alive) in {@code /brokers/ids}. */
public record LiveBroker(int id, List<BrokerEndpoint> endpoints, Optional<String> rack) {

    public LiveBroker {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("broker " + id + " has no endpoint");
        }
        endpoints = List.copyOf(endpoints);
    }

    /** The endpoint clients connected through {@code listener} should use; falls back to the first one. */
    public BrokerEndpoint endpoint(String listener) {
        return endpoints.stream()
                .filter(e -> e.listener().equals(listener))
                .findFirst()
                .orElse(endpoints.get(0));
    }

    public String host() {
        return endpoints.get(0).host();
    }

    public int port() {
        return endpoints.get(0).port();
    }
}
