package io.runnel.tools.console;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.runnel.tools.cli.ClientConfigs;
import io.runnel.tools.cli.KeyValueArgs;
import io.runnel.tools.cli.Tool;
import io.runnel.tools.cli.ToolException;
import io.runnel.tools.cli.ToolLauncher;
import io.runnel.tools.cli.ToolOptions;
import io.runnel.tools.cli.ToolStreams;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code runnel-console-consumer.sh}: Kafka's {@code kafka-console-consumer.sh}. Prints records (see
 * {@link RecordFormatter}) until {@code --max-messages} are printed, no record arrived for {@code --timeout-ms},
 * or the process is interrupted; then prints {@code Processed a total of N messages} to stderr, as Kafka does.
 *
 * <p>Without {@code --group} it joins a random group {@code console-consumer-NNNNN} and commits nothing, so an
 * ad-hoc read leaves no offsets behind (Kafka's behaviour). With {@code --partition} it reads that partition
 * directly, from {@code --offset} (earliest, latest or a number).
 *
 * <p>Before consuming, it asks for the topic's partitions within the tool's time-out, so that an unreachable
 * broker is reported instead of waited for forever.
 */
public final class ConsoleConsumer implements Tool {

    public static void main(String[] args) {
        ToolLauncher.main(new ConsoleConsumer(), args);
    }

    static final class Options {
        final ToolOptions tool = new ToolOptions("Consumes records from Kafka and prints them to standard output."
                + " Usage: runnel-console-consumer.sh --bootstrap-server HOST:PORT --topic TOPIC [options]");
        final OptionSpec<String> bootstrapServer = tool.parser()
                .accepts("bootstrap-server", "REQUIRED: The server(s) to connect to.")
                .withRequiredArg()
                .describedAs("server to connect to")
                .ofType(String.class);
        final OptionSpec<String> topic = tool.parser()
                .accepts("topic", "The topic to consume from.")
                .withRequiredArg()
                .describedAs("topic")
                .ofType(String.class);
        final OptionSpec<String> include = tool.parser()
                .accepts("include", "A regular expression of the topics to consume (instead of --topic).")
                .withRequiredArg()
                .describedAs("Java regex (String)")
                .ofType(String.class);
        final OptionSpec<Integer> partition = tool.parser()
                .accepts("partition", "The partition to consume from; from the end unless --offset is given.")
                .withRequiredArg()
                .describedAs("partition")
                .ofType(Integer.class);
        final OptionSpec<String> offset = tool.parser()
                .accepts(
                        "offset",
                        "The offset to consume from (with --partition): a non-negative number, 'earliest' or"
                                + " 'latest'.")
                .withRequiredArg()
                .describedAs("consume offset")
                .ofType(String.class)
                .defaultsTo("latest");
        final OptionSpec<Void> fromBeginning = tool.parser()
                .accepts(
                        "from-beginning",
                        "Start with the earliest record present if the consumer has no committed offset.");
        final OptionSpec<String> group = tool.parser()
                .accepts("group", "The consumer group id of the consumer.")
                .withRequiredArg()
                .describedAs("consumer group id")
                .ofType(String.class);
        final OptionSpec<Integer> maxMessages = tool.parser()
                .accepts("max-messages", "The number of records to consume before exiting; unlimited if absent.")
                .withRequiredArg()
                .describedAs("num_messages")
                .ofType(Integer.class);
        final OptionSpec<Long> timeoutMs = tool.parser()
                .accepts("timeout-ms", "Exit if no record is available for consumption for this many ms.")
                .withRequiredArg()
                .describedAs("timeout_ms")
                .ofType(Long.class);
        final OptionSpec<String> isolationLevel = tool.parser()
                .accepts(
                        "isolation-level",
                        "read_committed to skip records of aborted and open transactions, read_uncommitted"
                                + " (default) to read everything.")
                .withRequiredArg()
                .describedAs("isolation level")
                .ofType(String.class)
                .defaultsTo("read_uncommitted");
        final OptionSpec<String> property = tool.parser()
                .accepts(
                        "property",
                        "A property of the formatter: print.timestamp, print.key, print.offset,"
                                + " print.partition, print.headers, print.value=true|false, key.separator,"
                                + " line.separator, headers.separator, null.literal.")
                .withRequiredArg()
                .describedAs("prop")
                .ofType(String.class);
        final OptionSpec<String> consumerProperty = tool.parser()
                .accepts("consumer-property", "A consumer config, key=value; overrides --consumer.config.")
                .withRequiredArg()
                .describedAs("consumer_prop")
                .ofType(String.class);
        final OptionSpec<String> consumerConfig = tool.parser()
                .accepts("consumer.config", "A file of consumer configs.")
                .withRequiredArg()
                .describedAs("config file")
                .ofType(String.class);

        final OptionSet set;

        Options(String[] args) {
            set = tool.parse(args);
        }

        void check() {
            ToolOptions.requireAll(set, bootstrapServer);
            if (set.has(topic) == set.has(include)) {
                throw new ToolException("Exactly one of --topic or --include is required");
            }
            ToolOptions.refuseWith(set, partition, include);
            if (set.has(fromBeginning) && set.has(offset)) {
                throw new ToolException("Options from-beginning and offset cannot be specified together.");
            }
            if (set.has(offset) && !set.has(partition)) {
                throw new ToolException("The partition is required when offset is specified.");
            }
            ToolOptions.refuseWith(set, partition, group);
            String level = set.valueOf(isolationLevel).toLowerCase(Locale.ROOT);
            if (!level.equals("read_committed") && !level.equals("read_uncommitted")) {
                throw new ToolException("Invalid --isolation-level '" + set.valueOf(isolationLevel)
                        + "': expected read_committed or read_uncommitted");
            }
            startOffset();
        }

        /** -2 for earliest, -1 for latest, else the offset given. */
        long startOffset() {
            String value = set.valueOf(offset).toLowerCase(Locale.ROOT);
            if (value.equals("earliest") || set.has(fromBeginning)) {
                return -2;
            }
            if (value.equals("latest")) {
                return -1;
            }
            try {
                long parsed = Long.parseLong(value);
                if (parsed < 0) {
                    throw new NumberFormatException();
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ToolException("The provided offset value '" + set.valueOf(offset)
                        + "' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.");
            }
        }

        Properties consumerConfig() {
            var props = new Properties();
            props.put(
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    Integer.toString(ClientConfigs.DEFAULT_API_TIMEOUT_MS));
            props.put(
                    ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    Integer.toString(ClientConfigs.DEFAULT_REQUEST_TIMEOUT_MS));
            if (set.has(consumerConfig)) {
                props.putAll(ClientConfigs.load(Path.of(set.valueOf(consumerConfig)), "--consumer.config"));
            }
            props.putAll(KeyValueArgs.parse(set.valuesOf(consumerProperty), "--consumer-property"));
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, set.valueOf(bootstrapServer));
            props.put(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    set.valueOf(isolationLevel).toLowerCase(Locale.ROOT));
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, set.has(fromBeginning) ? "earliest" : "latest");
            if (set.has(group)) {
                props.put(ConsumerConfig.GROUP_ID_CONFIG, set.valueOf(group));
            } else if (!props.containsKey(ConsumerConfig.GROUP_ID_CONFIG) && !set.has(partition)) {
                props.put(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "console-consumer-" + ThreadLocalRandom.current().nextInt(100_000));
                // The generated group is never used again: leave no offsets behind in the coordinator.
                props.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            }
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            return props;
        }

        Map<String, String> formatterProperties() {
            return KeyValueArgs.parse(set.valuesOf(property), "--property");
        }
    }

    @Override
    public int run(String[] args, ToolStreams io) throws Exception {
        var options = new Options(args);
        if (options.tool.printHelpIfRequested(args, options.set, io.out())) {
            return 0;
        }
        options.check();
        var formatter = new RecordFormatter(options.formatterProperties());
        int max = options.set.has(options.maxMessages) ? options.set.valueOf(options.maxMessages) : Integer.MAX_VALUE;
        Long idleTimeout = options.set.valueOf(options.timeoutMs);
        var processed = new AtomicLong();
        var finished = new CountDownLatch(1);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(options.consumerConfig())) {
            // A failure here (no broker, no such partition) is the tool's one error line, with no total.
            subscribe(consumer, options);
            // On SIGINT/SIGTERM, wake the poll and let the main thread print its total before the JVM exits.
            var hook = new Thread(
                    () -> {
                        consumer.wakeup();
                        awaitQuietly(finished);
                    },
                    "console-consumer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                consume(consumer, formatter, io.out(), max, idleTimeout, processed);
            } catch (WakeupException e) {
                // Interrupted: end like a normal finish.
                io.out().flush();
            } finally {
                io.err().println("Processed a total of " + processed.get() + " messages");
                finished.countDown();
                removeHook(hook);
            }
        }
        return 0;
    }

    private static void consume(
            KafkaConsumer<byte[], byte[]> consumer,
            RecordFormatter formatter,
            PrintStream out,
            int max,
            Long idleTimeoutMs,
            AtomicLong processed)
            throws java.io.IOException {
        long idleSince = System.nanoTime();
        Duration pollTimeout = Duration.ofMillis(idleTimeoutMs == null ? 1_000 : Math.min(idleTimeoutMs, 1_000));
        while (processed.get() < max) {
            var records = consumer.poll(pollTimeout);
            if (records.isEmpty()) {
                if (idleTimeoutMs != null && System.nanoTime() - idleSince >= idleTimeoutMs * 1_000_000) {
                    break;
                }
                continue;
            }
            idleSince = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                formatter.write(record, out);
                if (processed.incrementAndGet() >= max) {
                    break;
                }
            }
            out.flush();
        }
        out.flush();
    }

    private static void subscribe(KafkaConsumer<byte[], byte[]> consumer, Options options) {
        if (options.set.has(options.include)) {
            consumer.subscribe(java.util.regex.Pattern.compile(options.set.valueOf(options.include)));
            return;
        }
        String topic = options.set.valueOf(options.topic);
        // Fails within default.api.timeout.ms when no broker answers, instead of polling forever.
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        if (!options.set.has(options.partition)) {
            consumer.subscribe(List.of(topic));
            return;
        }
        int partition = options.set.valueOf(options.partition);
        if (partitions.stream().noneMatch(p -> p.partition() == partition)) {
            throw new ToolException("Partition " + partition + " of topic '" + topic + "' does not exist");
        }
        var tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        long start = options.startOffset();
        if (start == -2) {
            consumer.seekToBeginning(List.of(tp));
        } else if (start == -1) {
            consumer.seekToEnd(List.of(tp));
        } else {
            consumer.seek(tp, start);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook has run.
        }
    }
}
