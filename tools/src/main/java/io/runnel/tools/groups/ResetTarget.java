package io.runnel.tools.groups;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import io.runnel.tools.cli.ToolException;

/**
 * Where {@code --reset-offsets} moves a group's position, one of Kafka's reset scenarios. Offset-based targets
 * are resolved against a partition's bounds by {@link #resolve}; time-based ones name a timestamp that the broker
 * turns into an offset (ListOffsets), falling back to the log end when no record is that recent.
 */
public sealed interface ResetTarget {

    record ToEarliest() implements ResetTarget {}

    record ToLatest() implements ResetTarget {}

    record ToCurrent() implements ResetTarget {}

    record ToOffset(long offset) implements ResetTarget {}

    record ShiftBy(long delta) implements ResetTarget {}

    /** The first offset whose timestamp is at or after {@code timestampMs}. */
    record ToTimestamp(long timestampMs) implements ResetTarget {}

    /**
     * The new offset for a partition whose log spans [{@code earliest}, {@code latest}) and whose committed
     * offset is {@code current} (-1 for none). As in Kafka, an explicit or shifted offset outside the log is
     * clamped to its bounds, and a partition without committed offset shifts from the earliest.
     *
     * @throws IllegalStateException for a {@link ToTimestamp}, which needs the broker
     */
    default long resolve(long current, long earliest, long latest) {
        return switch (this) {
            case ToEarliest e -> earliest;
            case ToLatest l -> latest;
            case ToCurrent c -> current < 0 ? latest : current;
            case ToOffset o -> clamp(o.offset(), earliest, latest);
            case ShiftBy s -> clamp((current < 0 ? earliest : current) + s.delta(), earliest, latest);
            case ToTimestamp t -> throw new IllegalStateException("A timestamp is resolved by the broker");
        };
    }

    private static long clamp(long offset, long earliest, long latest) {
        return Math.max(earliest, Math.min(latest, offset));
    }

    /**
     * Parses {@code --to-datetime}: {@code YYYY-MM-DDTHH:mm:SS.sss}, with an optional zone offset ({@code Z},
     * {@code +01:00}); without one, the local time zone, as in Kafka.
     */
    static ToTimestamp parseDateTime(String text, ZoneId localZone) {
        try {
            return new ToTimestamp(OffsetDateTime.parse(text).toInstant().toEpochMilli());
        } catch (DateTimeParseException withoutZone) {
            try {
                return new ToTimestamp(
                        LocalDateTime.parse(text).atZone(localZone).toInstant().toEpochMilli());
            } catch (DateTimeParseException e) {
                throw new ToolException("Error parsing --to-datetime '" + text
                        + "': expected the format yyyy-MM-dd'T'HH:mm:ss.SSS, optionally followed by a zone such as Z"
                        + " or +01:00");
            }
        }
    }

    /** Parses {@code --by-duration}, an ISO-8601 duration ({@code PnDTnHnMnS}) back from {@code now}. */
    static ToTimestamp parseDuration(String text, Instant now) {
        try {
            Duration duration = Duration.parse(text);
            return new ToTimestamp(now.minus(duration.abs()).toEpochMilli());
        } catch (DateTimeParseException e) {
            throw new ToolException("Error parsing --by-duration '" + text + "': expected an ISO-8601 duration"
                    + " such as PT1H or P1DT2H30M");
        }
    }
}
