package io.runnel.tools.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordFormatterTest {

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, RecordHeaders headers) {
        return new ConsumerRecord<>(
                "t",
                2,
                42L,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                key == null ? -1 : key.length(),
                value == null ? -1 : value.length(),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                headers,
                Optional.empty());
    }

    private static String format(Map<String, String> properties, ConsumerRecord<byte[], byte[]> record)
            throws IOException {
        var out = new ByteArrayOutputStream();
        new RecordFormatter(properties).write(record, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsOnlyTheValueByDefault() throws IOException {
        assertThat(format(Map.of(), record("k", "hello", new RecordHeaders()))).isEqualTo("hello\n");
    }

    @Test
    void printsEveryFieldInKafkasOrderSeparatedByTabs() throws IOException {
        var headers = new RecordHeaders();
        headers.add(new RecordHeader("h1", "v1".getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("h2", null));
        Map<String, String> all = Map.of(
                "print.timestamp", "true",
                "print.partition", "true",
                "print.offset", "true",
                "print.headers", "true",
                "print.key", "true");

        assertThat(format(all, record("k", "v", headers)))
                .isEqualTo("CreateTime:1700000000000\tPartition:2\tOffset:42\th1:v1,h2:null\tk\tv\n");
    }

    @Test
    void keySeparatorAndNullLiteralAreConfigurable() throws IOException {
        Map<String, String> props = Map.of("print.key", "true", "key.separator", " => ", "null.literal", "<none>");

        assertThat(format(props, record(null, "v", new RecordHeaders()))).isEqualTo("<none> => v\n");
    }

    @Test
    void recordWithoutHeadersPrintsNoHeaders() throws IOException {
        assertThat(format(Map.of("print.headers", "true"), record("k", "v", new RecordHeaders())))
                .isEqualTo("NO_HEADERS\tv\n");
    }

    @Test
    void withoutValueTheLastPrintedFieldEndsTheLine() throws IOException {
        Map<String, String> props = Map.of("print.key", "true", "print.value", "false");

        assertThat(format(props, record("k", "v", new RecordHeaders()))).isEqualTo("k\n");
    }

    @Test
    void tombstoneValuePrintsTheNullLiteral() throws IOException {
        assertThat(format(Map.of(), record("k", null, new RecordHeaders()))).isEqualTo("null\n");
    }
}
