package io.runnel.tools.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.runnel.tools.cli.ToolException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Turns stdin lines into records, as Kafka's console producer's {@code LineMessageReader}: one record per line,
 * the whole line as value; with {@code parse.key=true} the text before the first {@code key.separator} (default
 * TAB) is the key. Properties ({@code --property}):
 *
 * <ul>
 *   <li>{@code parse.key} (false), {@code key.separator} (TAB);
 *   <li>{@code parse.headers} (false): the text before the first {@code headers.delimiter} (TAB) holds the headers,
 *       {@code key:value} pairs ({@code headers.key.separator}, ':') separated by {@code headers.separator} (','); a
 *       header without key separator has a null value. The headers come first, then the key, then the value;
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
    private final boolean parseHeaders;
    private final String headersDelimiter;
    private final String headersSeparator;
    private final String headersKeySeparator;
    private long lineNumber;

    LineRecordReader(String topic, Map<String, String> properties) {
        this.topic = topic;
        this.parseKey = Boolean.parseBoolean(
                properties.getOrDefault("parse.key", "false").trim());
        this.keySeparator = properties.getOrDefault("key.separator", "\t");
        this.ignoreError = Boolean.parseBoolean(
                properties.getOrDefault("ignore.error", "false").trim());
        this.nullMarker = properties.get("null.marker");
        this.parseHeaders = Boolean.parseBoolean(
                properties.getOrDefault("parse.headers", "false").trim());
        this.headersDelimiter = properties.getOrDefault("headers.delimiter", "\t");
        this.headersSeparator = properties.getOrDefault("headers.separator", ",");
        this.headersKeySeparator = properties.getOrDefault("headers.key.separator", ":");
        for (var separator : Map.of(
                        "key.separator", keySeparator,
                        "headers.delimiter", headersDelimiter,
                        "headers.separator", headersSeparator,
                        "headers.key.separator", headersKeySeparator)
                .entrySet()) {
            if (separator.getValue().isEmpty()) {
                throw new ToolException(separator.getKey() + " must not be empty");
            }
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
        List<Header> headers = List.of();
        String rest = line;
        if (parseHeaders) {
            int at = rest.indexOf(headersDelimiter);
            if (at >= 0) {
                headers = headers(rest.substring(0, at));
                rest = rest.substring(at + headersDelimiter.length());
            } else if (!ignoreError) {
                throw new ToolException("No headers delimiter found on line number " + lineNumber + ": '" + line + "'");
            }
        }
        if (!parseKey) {
            return Optional.of(new ProducerRecord<>(topic, null, (byte[]) null, bytes(rest), headers));
        }
        int at = rest.indexOf(keySeparator);
        if (at < 0) {
            if (ignoreError) {
                return Optional.of(new ProducerRecord<>(topic, null, (byte[]) null, bytes(rest), headers));
            }
            throw new ToolException("No key separator found on line number " + lineNumber + ": '" + line + "'");
        }
        String key = rest.substring(0, at);
        String value = rest.substring(at + keySeparator.length());
        return Optional.of(new ProducerRecord<>(topic, null, bytes(key), bytes(value), headers));
    }

    private List<Header> headers(String text) {
        var headers = new ArrayList<Header>();
        for (String pair : text.split(java.util.regex.Pattern.quote(headersSeparator), -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int at = pair.indexOf(headersKeySeparator);
            String key = at < 0 ? pair : pair.substring(0, at);
            if (key.equals(nullMarker)) {
                throw new ToolException(
                        "Header key cannot match null marker on line number " + lineNumber + ": '" + key + "'");
            }
            byte[] value = at < 0 ? null : bytes(pair.substring(at + headersKeySeparator.length()));
            headers.add(new RecordHeader(key, value));
        }
        return headers;
    }

    private byte[] bytes(String text) {
        return text.equals(nullMarker) ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
