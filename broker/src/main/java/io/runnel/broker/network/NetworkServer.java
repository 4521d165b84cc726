package io.runnel.broker.network;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts Kafka protocol connections on the configured listeners and moves request frames to a
 * {@link RequestProcessor} and its replies back, in order, per connection.
 *
 * <p>Lifecycle: {@link #start()} binds every listener (port 0 binds an ephemeral port, see
 * {@link #boundPort(String)}); {@link #close()} stops accepting, stops reading new requests, waits up to the
 * shutdown timeout for in-flight requests to be answered, then closes all connections. Close the server before
 * the processor, since in-flight requests still need it.
 */
public final class NetworkServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetworkServer.class);
    /**
     * Unused request-frame memory kept for reuse: a few dozen of the largest frames producers normally send
     * (1 MiB, their default max.request.size), however many connections released them.
     */
    private static final long FRAME_POOL_MAX_IDLE_BYTES = 64L * 1024 * 1024;

    private final NetworkConfig config;
    private final RequestProcessor processor;
    private final Time time;
    private final NetworkMetrics metrics = new NetworkMetrics();
    private final InFlightRequests inFlight = new InFlightRequests();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicLong connectionIndex = new AtomicLong();
    private final NettyTransport transport = NettyTransport.best();
    private final FrameBufferPool framePool = new FrameBufferPool(FRAME_POOL_MAX_IDLE_BYTES);
    private final Map<String, Channel> serverChannels = new LinkedHashMap<>();
    private final ChannelGroup connections =
            new DefaultChannelGroup("runnel-connections", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private boolean started;
    private boolean closed;

    public NetworkServer(NetworkConfig config, RequestProcessor processor, Time time) {
        this.config = Objects.requireNonNull(config, "config");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.time = Objects.requireNonNull(time, "time");
    }

    /** Binds all listeners. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("network server already started");
        }
        started = true;
        acceptors = transport.newGroup(1, "runnel-acceptor");
        workers = transport.newGroup(config.numNetworkThreads(), "runnel-network");
        try {
            for (Listener listener : config.listeners()) {
                Channel channel = bootstrap(listener)
                        .bind(bindAddress(listener))
                        .syncUninterruptibly()
                        .channel();
                serverChannels.put(listener.name(), channel);
                log.info(
                        "Listener {} accepting connections on {} ({} transport)",
                        listener.name(),
                        channel.localAddress(),
                        transport);
            }
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("Cannot bind listeners " + config.listeners(), e);
        }
    }

    private static InetSocketAddress bindAddress(Listener listener) {
        return listener.host().isEmpty()
                ? new InetSocketAddress(listener.port())
                : new InetSocketAddress(listener.host(), listener.port());
    }

    private ServerBootstrap bootstrap(Listener listener) {
        return new ServerBootstrap()
                .group(acceptors, workers)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(listener, channel);
                    }
                });
    }

    private void accept(Listener listener, SocketChannel channel) {
        if (openConnections.incrementAndGet() > config.maxConnections()) {
            openConnections.decrementAndGet();
            metrics.connectionRejected();
            log.warn(
                    "Closing connection from {} on listener {}: max.connections ({}) reached",
                    channel.remoteAddress(),
                    listener.name(),
                    config.maxConnections());
            channel.close();
            return;
        }
        channel.closeFuture().addListener(f -> openConnections.decrementAndGet());
        metrics.connectionAccepted();
        connections.add(channel);
        InetSocketAddress local = channel.localAddress();
        InetSocketAddress remote = channel.remoteAddress();
        ClientConnection connection = new ClientConnection(
                local.getAddress().getHostAddress() + ":" + local.getPort() + "-"
                        + remote.getAddress().getHostAddress() + ":" + remote.getPort() + "-"
                        + connectionIndex.getAndIncrement(),
                listener.name(),
                remote.getAddress(),
                remote.getPort());
        FrameDecoder frames = new FrameDecoder(config.socketRequestMaxBytes(), framePool, time, metrics);
        // Lets large request frames be read straight into their own buffer (see FrameDecoder).
        channel.config()
                .setRecvByteBufAllocator(
                        new FrameReceiveAllocator(channel.config().getRecvByteBufAllocator(), frames));
        channel.pipeline()
                // observeOutput: a client slowly draining a large response is not idle.
                .addLast("idle", new IdleStateHandler(true, 0, 0, config.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS))
                .addLast("readGate", new ReadGate())
                .addLast("frames", frames)
                .addLast(
                        "requests",
                        new ConnectionHandler(
                                connection, processor, config.maxInFlightRequestsPerConnection(), inFlight, metrics));
    }

    /** The port a listener is bound to (the ephemeral one if configured as 0). */
    public synchronized int boundPort(String listenerName) {
        return boundAddress(listenerName).getPort();
    }

    /** The port of the first listener. */
    public synchronized int boundPort() {
        return boundPort(config.listeners().get(0).name());
    }

    public synchronized InetSocketAddress boundAddress(String listenerName) {
        Channel channel = serverChannels.get(listenerName);
        if (channel == null) {
            throw new IllegalArgumentException(
                    "No bound listener named " + listenerName + "; listeners are " + serverChannels.keySet());
        }
        return (InetSocketAddress) channel.localAddress();
    }

    public NetworkMetrics metrics() {
        return metrics;
    }

    /** Requests received and not yet answered. */
    public int inFlightRequests() {
        return inFlight.count();
    }

    /** Graceful shutdown; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannels.values().forEach(channel -> channel.close().syncUninterruptibly());
        for (Channel channel : connections) {
            channel.eventLoop().execute(() -> {
                ConnectionHandler handler = channel.pipeline().get(ConnectionHandler.class);
                if (handler != null) {
                    handler.stopReading();
                }
            });
        }
        try {
            if (!inFlight.awaitNone(config.shutdownTimeout())) {
                log.warn(
                        "Closing connections with {} requests still unanswered after {}",
                        inFlight.count(),
                        config.shutdownTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.close().awaitUninterruptibly(config.shutdownTimeout().toMillis());
        for (EventLoopGroup group : new EventLoopGroup[] {acceptors, workers}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
        }
        framePool.close();
        log.info("Network server stopped");
    }
}
