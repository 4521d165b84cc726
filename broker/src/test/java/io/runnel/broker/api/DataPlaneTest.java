package io.runnel.broker.api;

import java.nio.file.Path;

import io.runnel.broker.testing.DataPlaneFixture;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DataPlaneTest {

    @TempDir
    Path dir;

    private DataPlaneFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new DataPlaneFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void servesEachDataPlaneApiOnce() {
        assertThat(fixture.dataPlane().handlers())
                .extracting(ApiHandler::apiKey)
                .containsExactlyInAnyOrder(
                        ApiKeys.PRODUCE,
                        ApiKeys.FETCH,
                        ApiKeys.LIST_OFFSETS,
                        ApiKeys.DELETE_RECORDS,
                        ApiKeys.OFFSET_FOR_LEADER_EPOCH,
                        ApiKeys.DESCRIBE_PRODUCERS,
                        ApiKeys.INIT_PRODUCER_ID);
    }

    @Test
    void advertisesEveryStableVersionOfKafkaClients() {
        for (ApiHandler handler : fixture.dataPlane().handlers()) {
            assertThat(handler.lowestVersion())
                    .as("lowest %s", handler.apiKey())
                    .isEqualTo(handler.apiKey().oldestVersion());
            assertThat(handler.highestVersion())
                    .as("highest %s", handler.apiKey())
                    .isEqualTo(handler.apiKey().latestVersion(false));
        }
    }
}
