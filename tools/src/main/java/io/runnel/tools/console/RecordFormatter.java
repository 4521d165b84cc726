package io.runnel.tools.console;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

/**
 * Prints consumed records as Kafka's {@code DefaultMessageFormatter} does, so that output of
 * {@code runnel-console-consumer.sh} matches {@code kafka-console-consumer.sh} byte for byte. Fields, in this
 * order, each enabled by a {@code --property}:
 *
 * <pre>
 *   print.timestamp  CreateTime:1700000000000 (or LogAppendTime:..., NO_TIMESTAMP)
 *   print.partition  Partition:0
 *   print.offset     Offset:42
 *   print.headers    k1:v1,k2:v2 (headers.separator, default ","), NO_HEADERS when none
 *   print.key        the key, null.literal (default "null") when absent
 *   print.value      the value (default true), null.literal when absent
 * </pre>
 *
 * Fields are separated by {@code key.separator} (default TAB) and each record ends with {@code line.separator}
 * (default newline). Keys, values and header values are printed as UTF-8 text.
 */
final class RecordFormatter {

    private final boolean printTimestamp;
    private final boolean printPartition;
    private final boolean printOffset;
    private final boolean printHeaders;
    private final boolean printKey;
    private final boolean printValue;
    private final byte[] keySeparator;
    private final byte[] lineSeparator;
    private final byte[] headersSeparator;
    private final byte[] nullLiteral;

    RecordFormatter(Map<String, String> properties) {
        this.printTimestamp = flag(properties, "print.timestamp", false);
        this.printPartition = flag(properties, "print.partition", false);
        this.printOffset = flag(properties, "print.offset", false);
        this.printHeaders = flag(properties, "print.headers", false);
        this.printKey = flag(properties, "print.key", false);
        this.printValue = flag(properties, "print.value", true);
        this.keySeparator = utf8(properties.getOrDefault("key.separator", "\t"));
        this.lineSeparator = utf8(properties.getOrDefault("line.separator", "\n"));
        this.headersSeparator = utf8(properties.getOrDefault("headers.separator", ","));
        this.nullLiteral = utf8(properties.getOrDefault("null.literal", "null"));
    }

    private static boolean flag(Map<String, String> properties, String name, boolean defaultValue) {
        String value = properties.get(name);
        return value == null ? defaultValue : value.trim().equalsIgnoreCase("true");
    }

    void write(ConsumerRecord<byte[], byte[]> record, OutputStream out) throws IOException {
        if (printTimestamp) {
            if (record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE) {
                out.write(utf8("NO_TIMESTAMP"));
            } else {
                out.write(utf8(record.timestampType() + ":" + record.timestamp()));
            }
            separator(out, printPartition || printOffset || printHeaders || printKey || printValue);
        }
        if (printPartition) {
            out.write(utf8("Partition:" + record.partition()));
            separator(out, printOffset || printHeaders || printKey || printValue);
        }
        if (printOffset) {
            out.write(utf8("Offset:" + record.offset()));
            separator(out, printHeaders || printKey || printValue);
        }
        if (printHeaders) {
            Iterator<Header> headers = record.headers().iterator();
            if (!headers.hasNext()) {
                out.write(utf8("NO_HEADERS"));
            }
            while (headers.hasNext()) {
                Header header = headers.next();
                out.write(utf8(header.key() + ":"));
                out.write(header.value() == null ? nullLiteral : header.value());
                if (headers.hasNext()) {
                    out.write(headersSeparator);
                }
            }
            separator(out, printKey || printValue);
        }
        if (printKey) {
            out.write(record.key() == null ? nullLiteral : record.key());
            separator(out, printValue);
        }
        if (printValue) {
            out.write(record.value() == null ? nullLiteral : record.value());
            out.write(lineSeparator);
        }
    }

    /** Kafka's rule: a field is followed by the key separator if another field follows, else ends the line. */
    private void separator(OutputStream out, boolean moreFields) throws IOException {
        out.write(moreFields ? keySeparator : lineSeparator);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
