package io.runnel.broker.network;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import io.runnel.broker.api.ApiDispatcher;
import io.runnel.broker.api.ApiHandler;
import org.apache.kafka.common.utils.Time;

/** A network server on an ephemeral port with an ApiDispatcher over the given handlers. */
final class TestBroker implements AutoCloseable {

    final ApiDispatcher dispatcher;
    final NetworkServer server;

    TestBroker(List<? extends ApiHandler> handlers, UnaryOperator<NetworkConfig> configure) {
        dispatcher = new ApiDispatcher(handlers, 2);
        NetworkConfig config = configure.apply(NetworkConfig.defaults(Listener.plaintext("127.0.0.1", 0))
                .withNumNetworkThreads(1)
                .withShutdownTimeout(Duration.ofSeconds(5)));
        server = new NetworkServer(config, dispatcher, Time.SYSTEM);
        server.start();
    }

    TestBroker(List<? extends ApiHandler> handlers) {
        this(handlers, UnaryOperator.identity());
    }

    WireClient connect() throws java.io.IOException {
        return new WireClient(server.boundPort());
    }

    @Override
    public void close() {
        server.close();
        dispatcher.close();
    }
}
