package io.runnel.broker.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a non-JVM client (kcat, a Node.js or Python script) as a child process with a bounded run time: stdin is a
 * file, stdout and stderr go to files so a chatty process never blocks on a full pipe, a process past its time is
 * killed, and a failure names the command, how it ended, its stderr and the head of its stdout.
 */
final class BoundedProcess {

    /** The output of a run that exited with status 0 in time. */
    record Result(String stdout, String stderr) {}

    private BoundedProcess() {}

    /**
     * Runs {@code command} in {@code workDir} (temporary files named after {@code name}) and asserts that it exits
     * with status 0 within {@code timeout}.
     */
    static Result run(List<String> command, String stdin, Path workDir, String name, Duration timeout)
            throws IOException, InterruptedException {
        Path in = Files.createTempFile(workDir, name + "-in-", ".txt");
        Path out = Files.createTempFile(workDir, name + "-out-", ".txt");
        Path err = Files.createTempFile(workDir, name + "-err-", ".txt");
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(command)
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        var result = new Result(
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        if (!exited || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command)
                    + (exited ? " exited with status " + process.exitValue() : " did not finish within " + timeout)
                    + "\n--- stderr ---\n" + result.stderr() + "\n--- stdout (head) ---\n"
                    + result.stdout()
                            .substring(0, Math.min(2000, result.stdout().length())));
        }
        return result;
    }
}
