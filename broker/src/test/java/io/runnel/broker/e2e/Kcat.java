package io.runnel.broker.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        Path in = Files.createTempFile(workDir, "kcat-in-", ".txt");
        Path out = Files.createTempFile(workDir, "kcat-out-", ".txt");
        Path err = Files.createTempFile(workDir, "kcat-err-", ".txt");
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean exited = process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        var result = new Result(Files.readString(out), Files.readString(err));
        if (!exited || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command)
                    + (exited ? " exited with status " + process.exitValue() : " did not finish within " + RUN_TIMEOUT)
                    + "\n--- stderr ---\n" + result.stderr() + "\n--- stdout (head) ---\n"
                    + result.stdout()
                            .substring(0, Math.min(2000, result.stdout().length())));
        }
        return result;
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
