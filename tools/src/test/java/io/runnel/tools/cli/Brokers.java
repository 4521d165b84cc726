package io.runnel.tools.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers for tools pointed at a broker address where nothing listens. */
public final class Brokers {

    private Brokers() {}

    /** host:port of a local port that was free a moment ago: connections to it are refused. */
    public static String unreachable() {
        try (var socket = new ServerSocket(0)) {
            return "localhost:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client properties file with short time-outs, so that a test of an unreachable broker ends quickly. */
    public static Path shortTimeouts(Path dir) {
        try {
            Path file = dir.resolve("short-timeouts.properties");
            Files.writeString(
                    file,
                    "default.api.timeout.ms=1500\nrequest.timeout.ms=1000\nmax.block.ms=1500\n"
                            + "reconnect.backoff.max.ms=200\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
