package io.runnel.tools.console;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import io.runnel.tools.cli.ClientConfigs;
import io.runnel.tools.cli.KeyValueArgs;
import io.runnel.tools.cli.Tool;
import io.runnel.tools.cli.ToolException;
import io.runnel.tools.cli.ToolLauncher;
import io.runnel.tools.cli.ToolOptions;
import io.runnel.tools.cli.ToolStreams;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code runnel-console-producer.sh}: Kafka's {@code kafka-console-producer.sh}. Sends one record per stdin line
 * (see {@link LineRecordReader}) until end of input, then flushes and exits; the first failed send ends the tool
 * with an error.
 */
public final class ConsoleProducer implements Tool {

    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    public static void main(String[] args) {
        ToolLauncher.main(new ConsoleProducer(), args);
    }

    static final class Options {
        final ToolOptions tool = new ToolOptions("Reads lines from standard input and publishes them to Kafka."
                + " Usage: runnel-console-producer.sh --bootstrap-server HOST:PORT --topic TOPIC [options]");
        final OptionSpec<String> bootstrapServer = tool.parser()
                .accepts("bootstrap-server", "REQUIRED unless --broker-list is given: the server(s) to connect to.")
                .withRequiredArg()
                .describedAs("server to connect to")
                .ofType(String.class);
        final OptionSpec<String> brokerList = tool.parser()
                .accepts("broker-list", "DEPRECATED, use --bootstrap-server instead.")
                .withRequiredArg()
                .describedAs("broker-list")
                .ofType(String.class);
        final OptionSpec<String> topic = tool.parser()
                .accepts("topic", "REQUIRED: The topic to produce messages to.")
                .withRequiredArg()
                .describedAs("topic")
                .ofType(String.class);
        final OptionSpec<String> property = tool.parser()
                .accepts(
                        "property",
                        "A property of the line reader: parse.key=true|false, key.separator=<sep>,"
                                + " parse.headers=true|false, headers.delimiter=<sep>, headers.separator=<sep>,"
                                + " headers.key.separator=<sep>, ignore.error=true|false, null.marker=<text>.")
                .withRequiredArg()
                .describedAs("prop")
                .ofType(String.class);
        final OptionSpec<String> producerProperty = tool.parser()
                .accepts("producer-property", "A producer config, key=value; overrides --producer.config.")
                .withRequiredArg()
                .describedAs("producer_prop")
                .ofType(String.class);
        final OptionSpec<String> producerConfig = tool.parser()
                .accepts("producer.config", "A file of producer configs.")
                .withRequiredArg()
                .describedAs("config file")
                .ofType(String.class);
        final OptionSpec<String> compressionCodec = tool.parser()
                .accepts(
                        "compression-codec",
                        "The compression codec: 'none', 'gzip', 'snappy', 'lz4', or 'zstd'. Given without a"
                                + " value, it defaults to 'gzip'.")
                .withOptionalArg()
                .describedAs("compression-codec")
                .ofType(String.class);
        final OptionSpec<String> requestRequiredAcks = tool.parser()
                .accepts("request-required-acks", "The acks the producer requires: -1 (all), 0 or 1.")
                .withRequiredArg()
                .describedAs("request required acks")
                .ofType(String.class)
                .defaultsTo("-1");
        final OptionSpec<Void> sync =
                tool.parser().accepts("sync", "Send each message synchronously, waiting for its acknowledgement.");
        final OptionSpec<Integer> maxBlockMs = tool.parser()
                .accepts("max-block-ms", "How long a send may block waiting for metadata or buffer space.")
                .withRequiredArg()
                .describedAs("max block on send")
                .ofType(Integer.class)
                .defaultsTo(ClientConfigs.DEFAULT_API_TIMEOUT_MS);
        final OptionSpec<Integer> requestTimeoutMs = tool.parser()
                .accepts("request-timeout-ms", "How long the producer waits for a request's acknowledgement.")
                .withRequiredArg()
                .describedAs("request timeout ms")
                .ofType(Integer.class)
                .defaultsTo(ClientConfigs.DEFAULT_REQUEST_TIMEOUT_MS);

        final OptionSet set;

        Options(String[] args) {
            set = tool.parse(args);
        }

        void check() {
            ToolOptions.requireAll(set, topic);
            if (!set.has(bootstrapServer) && !set.has(brokerList)) {
                throw new ToolException("Missing required argument --bootstrap-server");
            }
            if (set.has(compressionCodec)
                    && set.valueOf(compressionCodec) != null
                    && !CODECS.contains(set.valueOf(compressionCodec))) {
                throw new ToolException("Unknown --compression-codec '" + set.valueOf(compressionCodec)
                        + "': expected one of " + CODECS);
            }
            if (!List.of("-1", "0", "1", "all").contains(set.valueOf(requestRequiredAcks))) {
                throw new ToolException("Invalid --request-required-acks '" + set.valueOf(requestRequiredAcks)
                        + "': expected -1, 0, 1 or all");
            }
        }

        /** Tool defaults, then --producer.config, then the dedicated flags, then --producer-property. */
        Properties producerConfig() {
            var props = new Properties();
            props.put(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, set.valueOf(maxBlockMs).toString());
            props.put(
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    set.valueOf(requestTimeoutMs).toString());
            // The producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
            props.put(
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    Integer.toString(set.valueOf(requestTimeoutMs) + 10_000));
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "console-producer");
            if (set.has(producerConfig)) {
                props.putAll(ClientConfigs.load(Path.of(set.valueOf(producerConfig)), "--producer.config"));
            }
            props.put(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    set.has(bootstrapServer) ? set.valueOf(bootstrapServer) : set.valueOf(brokerList));
            props.put(ProducerConfig.ACKS_CONFIG, set.valueOf(requestRequiredAcks));
            if (set.has(compressionCodec)) {
                String codec =
                        Optional.ofNullable(set.valueOf(compressionCodec)).orElse("gzip");
                props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
            }
            props.putAll(KeyValueArgs.parse(set.valuesOf(producerProperty), "--producer-property"));
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            return props;
        }

        Map<String, String> readerProperties() {
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
        var reader = new LineRecordReader(options.set.valueOf(options.topic), options.readerProperties());
        var in = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        var firstFailure = new AtomicReference<Exception>();
        try (var producer = new KafkaProducer<byte[], byte[]>(options.producerConfig())) {
            Optional<ProducerRecord<byte[], byte[]>> record;
            while (firstFailure.get() == null && (record = reader.next(in)).isPresent()) {
                Future<RecordMetadata> sent = producer.send(record.get(), (metadata, failure) -> {
                    if (failure != null) {
                        firstFailure.compareAndSet(null, failure);
                    }
                });
                if (options.set.has(options.sync)) {
                    sent.get();
                }
            }
            producer.flush();
        }
        if (firstFailure.get() != null) {
            throw firstFailure.get();
        }
        return 0;
    }
}
