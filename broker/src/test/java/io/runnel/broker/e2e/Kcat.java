package io.runnel.broker.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@code kcat} binary (librdkafka) as a child process with a bounded run time: stdin is a file (or empty),
 * stdout and stderr go to files so a chatty process never blocks on a full pipe, and both are in every failure
 * message. kcat missing is a failure, not a skip: CI installs it ({@code .ci/install-test-tools}).
 */
final class Kcat {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    private final Path workDir;

    Kcat(Path workDir) {
        this.workDir = workDir;
    }

    /** The output of a finished kcat run that exited with status 0. */
    record Result(String stdout, String stderr) {}

    /** Runs {@code kcat args...} with {@code stdin} as its input and asserts it exits with status 0 in time. */
    Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(args));
        var result = BoundedProcess.run(command, stdin, workDir, "kcat", RUN_TIMEOUT);
        return new Result(result.stdout(), result.stderr());
    }

    private static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kcat");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("kcat is not installed (not on PATH); the wire-compatibility tests need it: run"
                + " .ci/install-test-tools as root, or apt-get install kcat");
    }
}
