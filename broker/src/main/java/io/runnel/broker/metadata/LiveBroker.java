package io.runnel.broker.metadata;

import java.util.List;
import java.util.Optional;

import io.runnel.broker.config.Endpoint;

/** A broker currently registered (session alive) in {@code /brokers/ids}. */
public record LiveBroker(int id, List<Endpoint> endpoints, Optional<String> rack) {

    public LiveBroker {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("broker " + id + " has no endpoint");
        }
        endpoints = List.copyOf(endpoints);
    }

    /** The endpoint clients connected through {@code listener} should use; falls back to the first one. */
    public Endpoint endpoint(String listener) {
        return endpoints.stream()
                .filter(e -> e.listenerName().equals(listener))
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
