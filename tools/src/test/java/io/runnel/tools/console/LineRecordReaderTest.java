package io.runnel.tools.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.runnel.tools.cli.ToolException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineRecordReaderTest {

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static ProducerRecord<byte[], byte[]> first(Map<String, String> props, String input) throws IOException {
        return new LineRecordReader("t", props)
                .next(new BufferedReader(new StringReader(input)))
                .orElseThrow();
    }

    @Test
    void eachLineIsOneValueWithoutKey() throws IOException {
        var reader = new LineRecordReader("t", Map.of());
        var in = new BufferedReader(new StringReader("first\nsecond\n"));

        var one = reader.next(in).orElseThrow();
        var two = reader.next(in).orElseThrow();

        assertThat(one.topic()).isEqualTo("t");
        assertThat(one.key()).isNull();
        assertThat(text(one.value())).isEqualTo("first");
        assertThat(text(two.value())).isEqualTo("second");
        assertThat(reader.next(in)).isEmpty();
    }

    @Test
    void parseKeySplitsAtTheFirstSeparator() throws IOException {
        var record = first(Map.of("parse.key", "true", "key.separator", ":"), "user-1:a:b\n");

        assertThat(text(record.key())).isEqualTo("user-1");
        assertThat(text(record.value())).isEqualTo("a:b");
    }

    @Test
    void defaultKeySeparatorIsTab() throws IOException {
        var record = first(Map.of("parse.key", "true"), "k\tv\n");

        assertThat(text(record.key())).isEqualTo("k");
        assertThat(text(record.value())).isEqualTo("v");
    }

    @Test
    void lineWithoutSeparatorFailsWithItsLineNumber() throws IOException {
        var reader = new LineRecordReader("t", Map.of("parse.key", "true", "key.separator", ":"));
        var in = new BufferedReader(new StringReader("a:1\nno separator\n"));
        reader.next(in);

        assertThatThrownBy(() -> reader.next(in))
                .isInstanceOf(ToolException.class)
                .hasMessage("No key separator found on line number 2: 'no separator'");
    }

    @Test
    void ignoreErrorSendsALineWithoutSeparatorAsValue() throws IOException {
        var record = first(Map.of("parse.key", "true", "key.separator", ":", "ignore.error", "true"), "plain\n");

        assertThat(record.key()).isNull();
        assertThat(text(record.value())).isEqualTo("plain");
    }

    @Test
    void nullMarkerMakesATombstone() throws IOException {
        var record = first(Map.of("parse.key", "true", "key.separator", ":", "null.marker", "NULL"), "k:NULL\n");

        assertThat(text(record.key())).isEqualTo("k");
        assertThat(record.value()).isNull();
    }

    @Test
    void parseHeadersReadsHeadersBeforeKeyAndValue() throws IOException {
        var record = first(Map.of("parse.headers", "true", "parse.key", "true"), "h1:x,h2:y,flag\tk\tv\n");

        assertThat(text(record.key())).isEqualTo("k");
        assertThat(text(record.value())).isEqualTo("v");
        var headers = record.headers().toArray();
        assertThat(headers).hasSize(3);
        assertThat(headers[0].key()).isEqualTo("h1");
        assertThat(text(headers[0].value())).isEqualTo("x");
        assertThat(headers[1].key()).isEqualTo("h2");
        assertThat(text(headers[1].value())).isEqualTo("y");
        assertThat(headers[2].key()).isEqualTo("flag");
        assertThat(headers[2].value()).isNull();
    }

    @Test
    void lineWithoutHeadersDelimiterFailsWithItsLineNumber() {
        var reader = new LineRecordReader("t", Map.of("parse.headers", "true"));

        assertThatThrownBy(() -> reader.next(new BufferedReader(new StringReader("just a value\n"))))
                .isInstanceOf(ToolException.class)
                .hasMessage("No headers delimiter found on line number 1: 'just a value'");
    }
}
