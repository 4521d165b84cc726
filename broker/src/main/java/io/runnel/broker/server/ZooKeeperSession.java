package io.runnel.broker.server;

import java.time.Duration;
import java.util.Optional;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.zk.EmbeddedZooKeeper;
import io.runnel.broker.zk.ZkClient;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's ZooKeeper session, and the embedded ZooKeeper server when {@code zookeeper.connect} is unset. It is
 * the {@link ClusterIdentity}: the {@link Broker} asks it for the cluster id before any component is built, so the
 * session opens then (creating Kafka's persistent paths) and every component built afterwards shares it through
 * {@link #client()}. The broker closes it after the last component stopped: ZooKeeper is the first thing up and the
 * last thing down.
 */
public final class ZooKeeperSession implements ClusterIdentity {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperSession.class);

    private final BrokerConfig config;
    private final Time time;
    private Optional<EmbeddedZooKeeper> embedded = Optional.empty();
    private ZkClient client;

    public ZooKeeperSession(BrokerConfig config, Time time) {
        this.config = config;
        this.time = time;
    }

    /** The connected session, opened (and the embedded server started) on first use. */
    public synchronized ZkClient client() {
        if (client == null) {
            String connect = config.zookeeperConnect().orElseGet(this::startEmbedded);
            client = ZkClient.connect(
                    connect,
                    Duration.ofMillis(config.zookeeperSessionTimeoutMs()),
                    Duration.ofMillis(config.zookeeperConnectionTimeoutMs()),
                    time);
            client.createPersistentPaths();
        }
        return client;
    }

    private String startEmbedded() {
        var server = new EmbeddedZooKeeper(config.embeddedZooKeeperDataDir(), config.embeddedZooKeeperPort()).start();
        embedded = Optional.of(server);
        return server.connectString();
    }

    @Override
    public String getOrCreateClusterId() {
        return client().getOrCreateClusterId();
    }

    /** Kafka's generated ids: the broker sequence above {@code reserved.broker.max.id}. */
    @Override
    public int generateBrokerId() {
        int id = config.reservedBrokerMaxId() + client().nextBrokerSequenceId();
        log.info("Generated broker id {}", id);
        return id;
    }

    /** Closes the session (removing this broker's ephemeral znodes), then stops the embedded server. */
    @Override
    public synchronized void close() {
        try {
            if (client != null) {
                client.close();
                client = null;
            }
        } finally {
            embedded.ifPresent(EmbeddedZooKeeper::stop);
            embedded = Optional.empty();
        }
    }
}
