package io.runnel.broker.config;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.config.TopicConfigSynonyms.Synonym;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicConfigSynonymsTest {

    @Test
    void retentionTimeHasThreeSynonymsFinestFirst() {
        assertThat(TopicConfigSynonyms.brokerSynonyms("retention.ms"))
                .containsExactly(
                        new Synonym("log.retention.ms", null),
                        new Synonym("log.retention.minutes", TimeUnit.MINUTES),
                        new Synonym("log.retention.hours", TimeUnit.HOURS));
    }

    @Test
    void topicOnlyConfigHasNoSynonyms() {
        assertThat(TopicConfigSynonyms.brokerSynonyms("no.such.topic.config")).isEmpty();
    }

    @Test
    void brokerNameLeadsToTheTopicConfigItFeeds() {
        assertThat(TopicConfigSynonyms.topicConfigFor("log.roll.hours")).contains("segment.ms");
        assertThat(TopicConfigSynonyms.topicConfigFor("log.segment.bytes")).contains("segment.bytes");
        assertThat(TopicConfigSynonyms.topicConfigFor("num.partitions")).isEmpty();
    }

    @Test
    void coarserUnitsConvertToMilliseconds() {
        Synonym hours = new Synonym("log.retention.hours", TimeUnit.HOURS);

        assertThat(hours.toTopicValue("2")).isEqualTo("7200000");
        assertThat(hours.toTopicValue((Object) 2)).isEqualTo(7_200_000L);
        assertThat(new Synonym("log.segment.bytes", null).toTopicValue("1024")).isEqualTo("1024");
    }

    @Test
    void unconvertibleTextFails() {
        Synonym minutes = new Synonym("log.retention.minutes", TimeUnit.MINUTES);

        assertThatThrownBy(() -> minutes.toTopicValue("soon")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void topicDefaultsTakeTheFirstSynonymWithAValue() {
        Map<String, Object> broker = new HashMap<>();
        broker.put("log.retention.ms", null);
        broker.put("log.retention.minutes", "3");
        broker.put("log.retention.hours", "168");
        broker.put("log.segment.bytes", "2048");

        Map<String, Object> defaults = TopicConfigSynonyms.topicDefaults(broker);

        assertThat(defaults).containsEntry("retention.ms", 180_000L).containsEntry("segment.bytes", "2048");
        assertThat(defaults).doesNotContainKey("cleanup.policy");
    }
}
