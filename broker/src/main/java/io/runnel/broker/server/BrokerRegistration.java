package io.runnel.broker.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.Endpoint;
import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.zk.ZkClient;

/**
 * This broker's ephemeral {@code /brokers/ids/<id>} znode, which makes it live to the controller and tells clients
 * (through Metadata) where to connect. Registered once the listeners are bound, with {@code advertised.listeners}
 * completed as Kafka does: a port 0 becomes the bound port (so tests can use ephemeral ports) and an empty host
 * the machine's canonical host name. Removed first thing on shutdown, as a controlled shutdown.
 */
public final class BrokerRegistration implements BrokerComponent {

    private final ZkClient zk;
    private final int brokerId;
    private final BrokerConfig config;
    private final NetworkComponent network;
    private final Duration timeout;

    public BrokerRegistration(
            ZkClient zk, int brokerId, BrokerConfig config, NetworkComponent network, Duration timeout) {
        this.zk = zk;
        this.brokerId = brokerId;
        this.config = config;
        this.network = network;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "broker registration";
    }

    @Override
    public void startup() throws UnknownHostException {
        zk.registerBroker(new LiveBroker(brokerId, advertisedEndpoints(), config.rack()), timeout);
    }

    /** {@code advertised.listeners} (else {@code listeners}) as clients must use them. */
    public List<Endpoint> advertisedEndpoints() throws UnknownHostException {
        String localHost = null;
        var endpoints = new java.util.ArrayList<Endpoint>();
        for (Endpoint configured : config.advertisedListeners()) {
            Endpoint endpoint = network.withBoundPort(configured);
            if (endpoint.bindsAllInterfaces()) {
                if (localHost == null) {
                    localHost = InetAddress.getLocalHost().getCanonicalHostName();
                }
                endpoint =
                        new Endpoint(endpoint.listenerName(), localHost, endpoint.port(), endpoint.securityProtocol());
            }
            endpoints.add(endpoint);
        }
        return List.copyOf(endpoints);
    }

    @Override
    public void shutdown() {
        zk.deregisterBroker();
    }
}
