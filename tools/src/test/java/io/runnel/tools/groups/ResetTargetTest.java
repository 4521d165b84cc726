package io.runnel.tools.groups;

import java.time.Instant;
import java.time.ZoneOffset;

import io.runnel.tools.cli.ToolException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResetTargetTest {

    @Test
    void earliestAndLatestAreTheLogBounds() {
        assertThat(new ResetTarget.ToEarliest().resolve(5, 2, 10)).isEqualTo(2);
        assertThat(new ResetTarget.ToLatest().resolve(5, 2, 10)).isEqualTo(10);
    }

    @Test
    void explicitOffsetIsClampedToTheLog() {
        assertThat(new ResetTarget.ToOffset(7).resolve(5, 2, 10)).isEqualTo(7);
        assertThat(new ResetTarget.ToOffset(50).resolve(5, 2, 10)).isEqualTo(10);
        assertThat(new ResetTarget.ToOffset(0).resolve(5, 2, 10)).isEqualTo(2);
    }

    @Test
    void shiftMovesFromTheCommittedOffsetWithinTheLog() {
        assertThat(new ResetTarget.ShiftBy(-2).resolve(5, 2, 10)).isEqualTo(3);
        assertThat(new ResetTarget.ShiftBy(-20).resolve(5, 2, 10)).isEqualTo(2);
        assertThat(new ResetTarget.ShiftBy(20).resolve(5, 2, 10)).isEqualTo(10);
    }

    @Test
    void shiftWithoutCommittedOffsetStartsFromTheEarliest() {
        assertThat(new ResetTarget.ShiftBy(1).resolve(-1, 2, 10)).isEqualTo(3);
    }

    @Test
    void dateTimeWithoutZoneIsLocalTime() {
        var target = ResetTarget.parseDateTime("2024-01-02T03:04:05.006", ZoneOffset.ofHours(2));

        assertThat(target.timestampMs())
                .isEqualTo(Instant.parse("2024-01-02T01:04:05.006Z").toEpochMilli());
    }

    @Test
    void dateTimeWithZoneIsThatInstant() {
        var target = ResetTarget.parseDateTime("2024-01-02T03:04:05.006Z", ZoneOffset.ofHours(2));

        assertThat(target.timestampMs())
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.006Z").toEpochMilli());
    }

    @Test
    void malformedDateTimeIsAUserError() {
        assertThatThrownBy(() -> ResetTarget.parseDateTime("yesterday", ZoneOffset.UTC))
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("Error parsing --to-datetime 'yesterday'");
    }

    @Test
    void durationCountsBackFromNow() {
        Instant now = Instant.parse("2024-01-02T03:00:00Z");

        assertThat(ResetTarget.parseDuration("PT1H30M", now).timestampMs())
                .isEqualTo(Instant.parse("2024-01-02T01:30:00Z").toEpochMilli());
    }
}
