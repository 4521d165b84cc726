package io.runnel.broker.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Kafka client library of another language, driven through a small script of the test tree that speaks one
 * protocol whatever the library: {@code <script> <command> '<json options>'}, where the command is {@code
 * create-topic}, {@code produce} (messages as JSON lines on stdin) or {@code consume} (messages as JSON lines on
 * stdout). Each command is a child process with a bounded run time whose stdout and stderr go to files, so a chatty
 * process never blocks on a full pipe, and both are in every failure message; a process that overruns is killed.
 *
 * <p>The scripts: {@code src/test/node/kafkajs-client.js} (kafkajs, installed into {@code src/test/node/node_modules}
 * by {@code npm ci}) and {@code src/test/python/kafka_python_client.py} (Debian's python3-kafka); {@code
 * .ci/install-test-tools} installs both.
 */
final class ScriptedClient {

    /** Above the scripts' own bounds (consume gives up after {@link #CONSUME_TIMEOUT}), so they report first. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(40);

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(25);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message as the scripts read and print it: UTF-8 key and value (either may be null) and headers. */
    record Message(String key, String value, Map<String, String> headers) {}

    /** A message a {@code consume} command printed, where it was read from. */
    record Consumed(int partition, long offset, String key, String value, Map<String, String> headers) {
        Message message() {
            return new Message(key, value, headers);
        }
    }

    private final String name;
    private final List<String> command;
    private final Path workDir;
    private final String bootstrapServers;

    private ScriptedClient(String name, List<String> command, Path workDir, String bootstrapServers) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** How to start a script, if its language runtime and client library are installed. */
    record Installation(String name, List<String> command) {
        ScriptedClient connectedTo(String bootstrapServers, Path workDir) {
            return new ScriptedClient(name, command, workDir, bootstrapServers);
        }
    }

    /** kafkajs on Node.js: {@code node} on the PATH and kafkajs in the script's node_modules. */
    static Optional<Installation> kafkajs() {
        Path dir = testTree().resolve("node");
        return onPath("node")
                .filter(node -> Files.isRegularFile(dir.resolve("node_modules/kafkajs/package.json")))
                .map(node -> new Installation(
                        "kafkajs",
                        List.of(
                                node.toString(),
                                dir.resolve("kafkajs-client.js").toString())));
    }

    /**
     * kafka-python: the first Python 3 that can import it. Debian's python3-kafka lives in the system interpreter's
     * dist-packages, which a python3 earlier on the PATH (pyenv, a virtualenv) does not see, so /usr/bin/python3
     * goes first.
     */
    static Optional<Installation> kafkaPython() {
        Path script = testTree().resolve("python/kafka_python_client.py");
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/bin/python3"));
        onPath("python3").ifPresent(candidates::add);
        return candidates.stream()
                .filter(Files::isExecutable)
                .filter(python -> exitsCleanly(python.toString(), "-c", "import kafka"))
                .findFirst()
                .map(python -> new Installation("kafka-python", List.of(python.toString(), script.toString())));
    }

    String name() {
        return name;
    }

    /** Creates a topic (replication factor 1) through the library's admin client. */
    void createTopic(String topic, int partitions) throws IOException, InterruptedException {
        run("create-topic", options("topic", topic, "partitions", partitions), List.of());
    }

    /**
     * Produces {@code messages} with acks=all and one request in flight, in send order, compressed with {@code
     * compression} ({@code none} or {@code gzip}).
     */
    void produce(String topic, String compression, List<Message> messages) throws IOException, InterruptedException {
        run("produce", options("topic", topic, "compression", compression), messages);
    }

    /**
     * Consumes {@code count} messages of {@code topic} as a member of {@code group} (from the beginning of the topic
     * when the group has no committed offsets) and waits for the coordinator to answer a heartbeat, then commits the
     * offsets after the messages and leaves the group.
     */
    List<Consumed> consume(String topic, String group, int count) throws IOException, InterruptedException {
        List<Consumed> consumed = new ArrayList<>();
        for (String line : run(
                "consume",
                options("topic", topic, "group", group, "count", count, "timeoutMs", CONSUME_TIMEOUT.toMillis()),
                List.of())) {
            consumed.add(JSON.readValue(line, Consumed.class));
        }
        return consumed;
    }

    private Map<String, Object> options(Object... keysAndValues) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("brokers", bootstrapServers);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return options;
    }

    /** Runs one command to completion and returns its stdout lines; fails unless it exits with status 0 in time. */
    private List<String> run(String subcommand, Map<String, Object> options, List<Message> stdin)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.add(subcommand);
        full.add(JSON.writeValueAsString(options));
        String input = String.join("\n", jsonLines(stdin)) + (stdin.isEmpty() ? "" : "\n");
        String stdout = BoundedProcess.run(full, input, workDir, subcommand, RUN_TIMEOUT)
                .stdout();
        return stdout.lines().toList();
    }

    private static List<String> jsonLines(List<Message> messages) throws JsonProcessingException {
        List<String> lines = new ArrayList<>();
        for (Message message : messages) {
            lines.add(JSON.writeValueAsString(message));
        }
        return lines;
    }

    /** The broker module's src/test: surefire runs tests in the module directory and names it {@code basedir}. */
    private static Path testTree() {
        return Path.of(System.getProperty("basedir", ".")).resolve("src/test").toAbsolutePath();
    }

    private static Optional<Path> onPath(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean exitsCleanly(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
