package io.runnel.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The distribution tarball unpacked into a temporary directory and made to use free ports and directories under
 * it instead of 9092, 2181 and /tmp, so that tests never clash with anything else on the machine. Commands run in
 * the installation directory with bounded time; {@link #stopEverything()} ends whatever they started.
 */
final class Installation {

    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path home;
    private final Map<String, String> localized = new LinkedHashMap<>();

    private Installation(Path home, Path scratch, int brokerPort, int zooKeeperPort) {
        this.home = home;
        localized.put("localhost:9092", "localhost:" + brokerPort);
        localized.put("PLAINTEXT://:9092", "PLAINTEXT://:" + brokerPort);
        localized.put("localhost:2181", "localhost:" + zooKeeperPort);
        localized.put("clientPort=2181", "clientPort=" + zooKeeperPort);
        localized.put("zookeeper.embedded.port=2181", "zookeeper.embedded.port=0");
        localized.put("/tmp/runnel-logs", scratch.resolve("runnel-logs").toString());
        localized.put("/tmp/zookeeper", scratch.resolve("zookeeper").toString());
    }

    /** Unpacks the tarball the build produced ({@code runnel.dist.tarball}) under {@code dir}. */
    static Installation unpack(Path dir) throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("runnel.dist.tarball", "target/runnel-dist.tar.gz"));
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("No distribution at " + tarball + ": run `mvn package` first");
        }
        Path unpacked = Files.createDirectories(dir.resolve("install"));
        var tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", unpacked.toString())
                .inheritIO()
                .start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("Cannot unpack " + tarball);
        }
        Path home;
        try (var entries = Files.list(unpacked)) {
            home = entries.findFirst().orElseThrow();
        }
        var installation =
                new Installation(home, Files.createDirectories(dir.resolve("scratch")), freePort(), freePort());
        installation.localizeConfig("config/server.properties");
        installation.localizeConfig("config/zookeeper.properties");
        return installation;
    }

    Path home() {
        return home;
    }

    /** {@code text} with the well-known ports and /tmp paths replaced by this installation's. */
    String localize(String text) {
        String result = text;
        for (var entry : localized.entrySet()) {
            result = result.replace(entry.getKey(), entry.getValue());
        }
        return result;
    }

    private void localizeConfig(String file) throws IOException {
        Path path = home.resolve(file);
        Files.writeString(path, localize(Files.readString(path, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** The outcome of a command. */
    record Result(int status, String out, String err) {
        String both() {
            return "--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** Runs shell commands (bash, stopping at the first failure) in the installation directory. */
    Result run(String commands) throws IOException, InterruptedException {
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        var builder = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + commands)
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // The JDK running the tests is >= 21; the scripts would otherwise search /usr/lib/jvm.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("RUNNEL_HEAP_OPTS", "-Xmx256m");
        builder.environment().put("RUNNEL_STOP_TIMEOUT", "30");
        builder.environment().remove("RUNNEL_LOG_CONFIG");
        Process process = builder.start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        int status = process.isAlive() ? -1 : process.exitValue();
        var result = new Result(status, Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /**
     * Stops the broker and ZooKeeper with their scripts, then kills whatever of this installation still runs
     * (found by its {@code -Drunnel.home}, so nothing else on the machine is touched).
     */
    void stopEverything() throws IOException, InterruptedException {
        run("bin/runnel-server-stop.sh >/dev/null 2>&1 || true; bin/zookeeper-server-stop.sh >/dev/null 2>&1 || true");
        for (long pid : processesOfThisInstallation()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private List<Long> processesOfThisInstallation() throws IOException, InterruptedException {
        var ps = new ProcessBuilder("ps", "-ww", "-eo", "pid=,args=").start();
        String listing = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor(10, TimeUnit.SECONDS);
        var pids = new ArrayList<Long>();
        String marker = "-Drunnel.home=" + home + " ";
        for (String line : listing.lines().toList()) {
            String trimmed = line.strip();
            if ((trimmed + " ").contains(marker)) {
                pids.add(Long.parseLong(trimmed.substring(0, trimmed.indexOf(' '))));
            }
        }
        return pids;
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
