package io.runnel.broker.zk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.zookeeper.server.NIOServerCnxnFactory;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, standalone ZooKeeper server running inside the broker process, for a single-node Runnel without
 * {@code zookeeper.connect} (data under {@code <first log dir>/zookeeper}) and for tests. It listens on the
 * loopback interface only: other brokers cannot join a cluster whose ZooKeeper is embedded in one of them.
 *
 * <p>On-disk layout: ZooKeeper's own snapshot and transaction log files in {@code <dataDir>/version-2}, so the
 * metadata survives restarts; the same directory can be served by a stock ZooKeeper server.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

    /** 500 ms ticks allow session timeouts between 1 s and 10 s (ZooKeeper's 2..20 ticks). */
    private static final int TICK_TIME_MS = 500;

    private static final int MAX_CLIENT_CONNECTIONS = 1000;

    private final Path dataDir;
    private final int requestedPort;
    private ZooKeeperServer server;
    private ServerCnxnFactory connections;

    /**
     * @param port the port to listen on; 0 picks a free one (see {@link #port()} after {@link #start()})
     */
    public EmbeddedZooKeeper(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.requestedPort = port;
    }

    public synchronized EmbeddedZooKeeper start() {
        if (server != null) {
            throw new IllegalStateException("ZooKeeper already started on port " + port());
        }
        try {
            Files.createDirectories(dataDir);
            ZooKeeperServer zk = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), TICK_TIME_MS);
            NIOServerCnxnFactory factory = new NIOServerCnxnFactory();
            factory.configure(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), MAX_CLIENT_CONNECTIONS);
            factory.startup(zk);
            this.server = zk;
            this.connections = factory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded ZooKeeper in " + dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting embedded ZooKeeper", e);
        }
        log.info("Embedded ZooKeeper listening on {} with data in {}", connectString(), dataDir);
        return this;
    }

    public synchronized int port() {
        if (connections == null) {
            throw new IllegalStateException("ZooKeeper not started");
        }
        return connections.getLocalPort();
    }

    /** The connect string for clients, {@code 127.0.0.1:<port>}. */
    public String connectString() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server and closes every client session's connection; the data stays on disk. */
    public synchronized void stop() {
        if (connections != null) {
            connections.shutdown();
            connections = null;
        }
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
