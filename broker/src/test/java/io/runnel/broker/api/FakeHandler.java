package io.runnel.broker.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;

/** A handler for tests: serves one API over given versions by a function, and records what it saw. */
public final class FakeHandler implements ApiHandler {

    private final ApiKeys apiKey;
    private final short lowest;
    private final short highest;
    private final Function<ApiRequest, CompletableFuture<AbstractResponse>> behaviour;
    private final List<ApiRequest> received = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    public FakeHandler(
            ApiKeys apiKey,
            int lowest,
            int highest,
            Function<ApiRequest, CompletableFuture<AbstractResponse>> behaviour) {
        this.apiKey = apiKey;
        this.lowest = (short) lowest;
        this.highest = (short) highest;
        this.behaviour = behaviour;
    }

    /** Serves all versions kafka-clients knows. */
    public FakeHandler(ApiKeys apiKey, Function<ApiRequest, CompletableFuture<AbstractResponse>> behaviour) {
        this(apiKey, apiKey.oldestVersion(), apiKey.latestVersion(), behaviour);
    }

    @Override
    public ApiKeys apiKey() {
        return apiKey;
    }

    @Override
    public short lowestVersion() {
        return lowest;
    }

    @Override
    public short highestVersion() {
        return highest;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        received.add(request);
        threads.add(Thread.currentThread().getName());
        return behaviour.apply(request);
    }

    public List<ApiRequest> received() {
        return received;
    }

    public List<String> threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "FakeHandler(" + apiKey + " v" + lowest + ".." + highest + ")";
    }
}
