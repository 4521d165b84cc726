package io.runnel.broker.zk;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.metadata.LiveBroker;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's ZooKeeper session (a Curator client) plus the start-up operations every broker performs:
 * creating Kafka's persistent paths, reading or creating the cluster id, registering the broker. A
 * {@code zookeeper.connect} string may end with a chroot ({@code host:2181/kafka}); it is created on first use.
 */
public final class ZkClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZkClient.class);

    private final CuratorFramework curator;
    /**
     * Curator's "run safe" notification thread, ours rather than Curator's default: Curator does not stop its own
     * on close, so every broker start and stop in one JVM (tests, embedded use) left a thread behind.
     */
    private final ExecutorService notifications;

    private final Time time;
    private PersistentNode registration;

    private ZkClient(CuratorFramework curator, ExecutorService notifications, Time time) {
        this.curator = curator;
        this.notifications = notifications;
        this.time = time;
    }

    /**
     * Opens a session and waits until it is connected.
     *
     * @throws ZkUnavailableException if ZooKeeper cannot be reached within {@code connectionTimeout}
     */
    public static ZkClient connect(
            String connectString, Duration sessionTimeout, Duration connectionTimeout, Time time) {
        int slash = connectString.indexOf('/');
        String servers = slash < 0 ? connectString : connectString.substring(0, slash);
        String chroot = slash < 0 ? "" : connectString.substring(slash + 1).replaceAll("/+$", "");
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(servers)
                .sessionTimeoutMs(Math.toIntExact(sessionTimeout.toMillis()))
                .connectionTimeoutMs(Math.toIntExact(connectionTimeout.toMillis()))
                .retryPolicy(new ExponentialBackoffRetry(100, 5, 2_000));
        ExecutorService notifications = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "zk-safe-notify");
            thread.setDaemon(true);
            return thread;
        });
        builder.runSafeService(notifications);
        if (!chroot.isEmpty()) {
            builder.namespace(chroot);
        }
        CuratorFramework curator = builder.build();
        curator.start();
        try {
            if (!curator.blockUntilConnected(Math.toIntExact(connectionTimeout.toMillis()), TimeUnit.MILLISECONDS)) {
                curator.close();
                notifications.shutdownNow();
                throw new ZkUnavailableException("cannot connect to ZooKeeper at " + connectString + " within "
                        + connectionTimeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            curator.close();
            notifications.shutdownNow();
            Thread.currentThread().interrupt();
            throw new ZkUnavailableException("interrupted while connecting to ZooKeeper at " + connectString);
        }
        return new ZkClient(curator, notifications, time);
    }

    public CuratorFramework curator() {
        return curator;
    }

    public Time time() {
        return time;
    }

    /** Creates Kafka's persistent top-level paths that do not exist yet (idempotent, safe to race). */
    public void createPersistentPaths() {
        for (String path : ZkPaths.PERSISTENT_PATHS) {
            try {
                curator.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
            } catch (KeeperException.NodeExistsException e) {
                // another broker (or an earlier run) created it
            } catch (Exception e) {
                throw ZkUnavailableException.wrap("create " + path, e);
            }
        }
    }

    /** The cluster id in {@code /cluster/id}, created with a random id by the first broker to get there. */
    public String getOrCreateClusterId() {
        try {
            try {
                return ClusterIdZNode.decode(curator.getData().forPath(ClusterIdZNode.PATH));
            } catch (KeeperException.NoNodeException e) {
                String id = Uuid.randomUuid().toString();
                try {
                    curator.create().creatingParentsIfNeeded().forPath(ClusterIdZNode.PATH, ClusterIdZNode.encode(id));
                    log.info("Created cluster id {}", id);
                    return id;
                } catch (KeeperException.NodeExistsException raced) {
                    return ClusterIdZNode.decode(curator.getData().forPath(ClusterIdZNode.PATH));
                }
            }
        } catch (ZNodeFormatException e) {
            throw e;
        } catch (Exception e) {
            throw ZkUnavailableException.wrap("read " + ClusterIdZNode.PATH, e);
        }
    }

    /**
     * The next value of the cluster's broker sequence, as Kafka's ZooKeeper mode generates broker ids: an
     * unconditional write of {@code /brokers/seqid} whose new znode version is the sequence number (1, 2, ...).
     * ZooKeeper serializes the writes, so two brokers never get the same number.
     */
    public int nextBrokerSequenceId() {
        try {
            try {
                return curator.setData()
                        .forPath(ZkPaths.BROKER_SEQUENCE_ID, new byte[0])
                        .getVersion();
            } catch (KeeperException.NoNodeException e) {
                createPersistentPaths();
                return curator.setData()
                        .forPath(ZkPaths.BROKER_SEQUENCE_ID, new byte[0])
                        .getVersion();
            }
        } catch (Exception e) {
            throw ZkUnavailableException.wrap("write " + ZkPaths.BROKER_SEQUENCE_ID, e);
        }
    }

    /**
     * Registers this broker in {@code /brokers/ids/<id>} as an ephemeral znode tied to this session. After a
     * session expiry the registration is recreated automatically as soon as a new session is established.
     *
     * <p>A registration left by another session is waited out for up to this session's timeout plus {@code
     * timeout}: a broker restarted right after a crash (kill -9, power loss) finds its previous session's znode,
     * which ZooKeeper removes only once that dead session times out. With the embedded ZooKeeper this is the
     * normal case after a crash: the restarted server restores the dead session from its data and expires it a
     * session timeout later, so failing at once (as Kafka's {@code checkedEphemeralCreate} does) would make every
     * quick restart fail, and a retrying supervisor would restart ZooKeeper, and the clock, each time.
     *
     * @throws IllegalStateException if another broker's session still holds the id after that wait
     */
    public synchronized void registerBroker(LiveBroker broker, Duration timeout) {
        if (registration != null) {
            throw new IllegalStateException("broker " + broker.id() + " is already registered");
        }
        String path = BrokerIdZNode.path(broker.id());
        try {
            awaitNoOtherRegistration(path, broker.id(), timeout);
            PersistentNode node = new PersistentNode(
                    curator, CreateMode.EPHEMERAL, false, path, BrokerIdZNode.encode(broker, time.milliseconds()));
            node.start();
            if (!node.waitForInitialCreate(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                node.close();
                throw new ZkUnavailableException("broker registration " + path + " not created within " + timeout);
            }
            registration = node;
            log.info("Registered broker {} at {}", broker.id(), broker.endpoints());
        } catch (IllegalStateException | ZkUnavailableException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZkUnavailableException("interrupted while registering broker " + broker.id());
        } catch (Exception e) {
            throw ZkUnavailableException.wrap("register " + path, e);
        }
    }

    private void awaitNoOtherRegistration(String path, int brokerId, Duration timeout) throws Exception {
        long waitMs = curator.getZookeeperClient().getZooKeeper().getSessionTimeout() + timeout.toMillis();
        long deadline = time.milliseconds() + waitMs;
        boolean logged = false;
        while (true) {
            var changed = new CountDownLatch(1);
            Stat stat = curator.checkExists()
                    .usingWatcher((CuratorWatcher) event -> changed.countDown())
                    .forPath(path);
            if (stat == null) {
                return;
            }
            if (!logged) {
                log.info(
                        "Broker id {} is still registered in {} by session 0x{}, presumably of a broker that died;"
                                + " waiting up to {} ms for that session to expire",
                        brokerId,
                        path,
                        Long.toHexString(stat.getEphemeralOwner()),
                        waitMs);
                logged = true;
            }
            long remaining = deadline - time.milliseconds();
            if (remaining <= 0 || !changed.await(remaining, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("broker id " + brokerId + " is already registered in " + path
                        + " by another live broker (session 0x" + Long.toHexString(stat.getEphemeralOwner())
                        + ", still there after " + waitMs + " ms)");
            }
        }
    }

    /** Removes the broker registration (controlled shutdown), keeping the session open. */
    public synchronized void deregisterBroker() {
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception e) {
                log.warn("Failed to remove broker registration", e);
            }
            registration = null;
        }
    }

    /** Deregisters and closes the session, which deletes every ephemeral znode it owns. */
    @Override
    public void close() {
        deregisterBroker();
        curator.close();
        notifications.shutdown();
    }
}
