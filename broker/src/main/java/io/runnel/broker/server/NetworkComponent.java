package io.runnel.broker.server;

import java.net.InetSocketAddress;
import java.util.List;

import io.runnel.broker.api.ApiDispatcher;
import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.Endpoint;
import io.runnel.broker.network.Listener;
import io.runnel.broker.network.NetworkConfig;
import io.runnel.broker.network.NetworkServer;
import org.apache.kafka.common.utils.Time;

/**
 * The request handlers behind the network server, on {@code listeners}. Shutdown is graceful: the server stops
 * accepting and reading, answers the requests in flight, and only then is the request-handler pool stopped; the
 * components stopped after it (logs, metadata) therefore see no more requests.
 */
public final class NetworkComponent implements BrokerComponent {

    private final BrokerConfig config;
    private final List<ApiHandler> handlers;
    private final Time time;
    private ApiDispatcher dispatcher;
    private NetworkServer server;

    public NetworkComponent(BrokerConfig config, List<ApiHandler> handlers, Time time) {
        this.config = config;
        this.handlers = List.copyOf(handlers);
        this.time = time;
    }

    @Override
    public String name() {
        return "network server";
    }

    @Override
    public void startup() {
        dispatcher = new ApiDispatcher(handlers, config.numIoThreads());
        server = new NetworkServer(networkConfig(config), dispatcher, time);
        server.start();
    }

    static NetworkConfig networkConfig(BrokerConfig config) {
        List<Listener> listeners = config.listeners().stream()
                .map(endpoint -> new Listener(endpoint.listenerName(), endpoint.host(), endpoint.port()))
                .toList();
        return NetworkConfig.defaults(listeners.toArray(Listener[]::new))
                .withSocketRequestMaxBytes(config.socketRequestMaxBytes())
                .withConnectionsMaxIdleMs((Long) config.get(BrokerConfig.CONNECTIONS_MAX_IDLE_MS))
                .withMaxConnections((Integer) config.get(BrokerConfig.MAX_CONNECTIONS))
                .withNumNetworkThreads(config.numNetworkThreads());
    }

    /** Where a listener accepts connections: its configured address with the bound (ephemeral) port. */
    public InetSocketAddress boundAddress(String listenerName) {
        if (server == null) {
            throw new IllegalStateException("the network server has not started");
        }
        return server.boundAddress(listenerName);
    }

    /** {@code endpoint} with the port its listener is bound to, for an endpoint configured with port 0. */
    Endpoint withBoundPort(Endpoint endpoint) {
        if (endpoint.port() != 0) {
            return endpoint;
        }
        return new Endpoint(
                endpoint.listenerName(),
                endpoint.host(),
                boundAddress(endpoint.listenerName()).getPort(),
                endpoint.securityProtocol());
    }

    @Override
    public void shutdown() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (dispatcher != null) {
                dispatcher.close();
            }
        }
    }
}
