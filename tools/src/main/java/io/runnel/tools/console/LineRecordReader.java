package io.runnel.tools.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import io.runnel.tools.cli.ToolException;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns stdin lines into records, as Kafka's console producer's {@code LineMessageReader}: one record per line,
 * the whole line as value; with {@code parse.key=true} the text before the first {@code key.separator} (default
 * TAB) is the key. Properties ({@code --property}):
 *
 * <ul>
 *   <li>{@code parse.key} (false), {@code key.separator} (TAB);
 *   <li>{@code ignore.error} (false): a line without separator becomes a record without key instead of failing;
 *   <li>{@code null.marker} (unset): a key or value equal to it is sent as null (a tombstone for a value).
 * </ul>
 */
final class LineRecordReader {

    private final String topic;
    private final boolean parseKey;
    private final String keySeparator;
    private final boolean ignoreError;
    private final String nullMarker;
    private long lineNumber;

    LineRecordReader(String topic, Map<String, String> properties) {
        this.topic = topic;
        this.parseKey = Boolean.parseBoolean(
                properties.getOrDefault("parse.key", "false").trim());
        this.keySeparator = properties.getOrDefault("key.separator", "\t");
        this.ignoreError = Boolean.parseBoolean(
                properties.getOrDefault("ignore.error", "false").trim());
        this.nullMarker = properties.get("null.marker");
        if (keySeparator.isEmpty()) {
            throw new ToolException("key.separator must not be empty");
        }
    }

    /**
     * The next line's record, or empty at end of input.
     *
     * @throws ToolException with the line number, for a line without key separator when keys are parsed
     */
    Optional<ProducerRecord<byte[], byte[]>> next(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return Optional.empty();
        }
        lineNumber++;
        if (!parseKey) {
            return Optional.of(new ProducerRecord<>(topic, null, bytes(line)));
        }
        int at = line.indexOf(keySeparator);
        if (at < 0) {
            if (ignoreError) {
                return Optional.of(new ProducerRecord<>(topic, null, bytes(line)));
            }
            throw new ToolException("No key separator found on line number " + lineNumber + ": '" + line + "'");
        }
        String key = line.substring(0, at);
        String value = line.substring(at + keySeparator.length());
        return Optional.of(new ProducerRecord<>(topic, bytes(key), bytes(value)));
    }

    private byte[] bytes(String text) {
        return text.equals(nullMarker) ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
