package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A wall-clock time from the wire reads the same through the hand-written reader of its common shape as through
 * the general ISO parsers the product used before it, for every shape Mahak sends and every one it should not.
 */
class WireTimestampTest {

    /** What the product read before the hand-written reader: the JDK's ISO parsers only. */
    private static LocalDateTime general(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        if (t.length() > 10 && (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$"))) {
            return OffsetDateTime.parse(t).toLocalDateTime();
        }
        if (t.length() == 10) {
            return LocalDateTime.parse(t + "T00:00:00");
        }
        return LocalDateTime.parse(t.replace(' ', 'T'));
    }

    @Test
    void theShapesMahakSendsReadAsTheGeneralParsersReadThem() {
        for (String t : List.of("2024-03-01T10:20:30", "2024-03-01 10:20:30", "2024-03-01", "2024-02-29T23:59:59",
                "2000-02-29", "1403-12-30T00:00:00", "2024-03-01T10:20:30.1", "2024-03-01T10:20:30.12",
                "2024-03-01T10:20:30.123", "2024-03-01T10:20:30.1234567", "2024-03-01T10:20:30.123456789",
                " 2024-03-01T10:20:30 ", "0000-01-01T00:00:00", "9999-12-31T23:59:59.999999999",
                "2024-03-01T10:20:30Z", "2024-03-01T10:20:30+03:30", "2024-03-01T10:20", "2024-03-01T10:20:30.")) {
            assertThat(RowMapper.parseTimestamp(t)).as(t).isEqualTo(general(t));
        }
    }

    @Test
    void whatTheGeneralParsersRefuseIsStillRefused() {
        for (String t : List.of("2023-02-29", "2024-02-30T10:00:00", "2024-13-01T10:00:00", "2024-00-10",
                "2024-04-31T00:00:00", "2024-03-01T24:00:00", "2024-03-01T10:60:00", "2024-03-01T10:20:60",
                "2024-03-01T10:20:30.1234567891", "2024-03-01T10:20:30.5-0430", "2024-3-1", "20240301", "2024/03/01",
                "2024-03-01X10:20:30", "2024-03-01T10-20-30", "2024-03-01T1a:20:30", "yesterday")) {
            assertThatThrownBy(() -> general(t)).as("the general parsers refuse %s", t)
                    .isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> RowMapper.parseTimestamp(t)).as(t).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void everyInstantOfManyYearsReadsTheSame() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime time = LocalDateTime.of(1300 + random.nextInt(800), 1 + random.nextInt(12), 1, 0, 0)
                    .plusDays(random.nextInt(31)).plusSeconds(random.nextInt(86_400))
                    .withNano(random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
            String text = random.nextBoolean() ? time.toString() : time.toString().replace('T', ' ');
            assertThat(RowMapper.parseTimestamp(text)).as(text).isEqualTo(general(text)).isEqualTo(time);
        }
    }
}
