package io.runnel.broker.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.RunnelServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * A Runnel broker in its own JVM ({@link RunnelServer} on this test's classpath), so a test can kill it with
 * SIGKILL: nothing of the broker runs on the way down, exactly as in a crash. Its config file, log dirs, embedded
 * ZooKeeper data and console output ({@code broker.out}, in every failure message) live under {@code root}; the
 * listener and ZooKeeper ports are picked free once and kept, so a restart serves the same bootstrap address.
 */
final class ChildBroker implements AutoCloseable {

    private final Path root;
    private final Path config;
    private final Path output;
    private final int port;
    private Process process;

    ChildBroker(Path root, Map<String, String> overrides) throws IOException {
        this.root = root;
        this.config = root.resolve("server.properties");
        this.output = root.resolve("broker.out");
        this.port = freePort();
        var properties = new StringBuilder();
        Map<String, String> defaults = Map.of(
                "broker.id",
                "0",
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port,
                "log.dirs",
                root.resolve("logs").toString(),
                "zookeeper.embedded.port",
                Integer.toString(freePort()),
                "zookeeper.embedded.data.dir",
                root.resolve("zookeeper").toString(),
                "num.network.threads",
                "2",
                "num.io.threads",
                "4",
                "background.threads",
                "2");
        defaults.forEach((key, value) -> {
            if (!overrides.containsKey(key)) {
                properties.append(key).append('=').append(value).append('\n');
            }
        });
        overrides.forEach(
                (key, value) -> properties.append(key).append('=').append(value).append('\n'));
        Files.writeString(config, properties);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker JVM and waits until it is registered (Metadata lists it), failing if it exits first. */
    void start(Duration timeout) throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker child is running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RunnelServer.class.getName(),
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        awaitRegistered(timeout);
    }

    private void awaitRegistered(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_000,
                CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new AssertionError(
                            "the broker exited with status " + process.exitValue() + " while starting" + outputTail());
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(1, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // not listening or not registered yet
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker was not registered within " + timeout + outputTail());
                }
            }
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-shutdown marker. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the broker did not die of SIGKILL within 10 s");
        }
    }

    long pid() {
        return process.pid();
    }

    /** The last lines the broker printed, for failure messages. */
    String outputTail() {
        try {
            List<String> lines = Files.readAllLines(output);
            return "\n--- broker output (tail) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "\n(no broker output: " + e + ")";
        }
    }

    /** Stops the broker gracefully (SIGTERM), killing it if it does not stop in time. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Path root() {
        return root;
    }
}
