package io.mahaksync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The client's small rules, each on its own: Retry-After, backoff, the URL check, the password hash. */
class ClientRulesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(RetryAfter.parse("7", clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Thu, 26 Nov 2026 10:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Thu, 26 Nov 2026 09:00:00 GMT", clock)).as("a past date").isZero();
        assertThat(RetryAfter.parse("soon", clock)).isNull();
        assertThat(RetryAfter.parse(null, clock)).isNull();
    }

    @Test
    void aRetryAfterWaitIsNeverShorterThanTheBackoffNorThanAskedAndIsCapped() {
        // the backoff itself (with jitter) is the redelivery policy of routes/error-handling.camel.yaml
        RetryDelay delay = new RetryDelay(500, 2, 60_000);
        assertThat(delay.delayMs(1, Duration.ofSeconds(10))).isEqualTo(10_000L);
        assertThat(delay.delayMs(1, Duration.ZERO)).as("the first backoff").isEqualTo(500L);
        assertThat(delay.delayMs(4, Duration.ofSeconds(1))).as("the fourth backoff").isEqualTo(4_000L);
        assertThat(delay.delayMs(20, Duration.ZERO)).as("capped").isEqualTo(60_000L);
        assertThat(delay.delayMs(1, Duration.ofHours(1))).as("capped").isEqualTo(60_000L);
    }

    @Test
    void plainHttpIsOnlyAcceptedForLoopbackOrWhenAllowed() {
        assertThat(MahakSettings.checkScheme(URI.create("https://mahakacc.mahaksoft.com/API/v3"), false)).isNull();
        assertThat(MahakSettings.checkScheme(URI.create("http://localhost:8080/API/v3"), false)).isNull();
        assertThat(MahakSettings.checkScheme(URI.create("http://127.0.0.1:8080/API/v3"), false)).isNull();
        assertThat(MahakSettings.checkScheme(URI.create("http://[::1]:8080/API/v3"), false)).isNull();
        assertThat(MahakSettings.checkScheme(URI.create("http://mahak.example/API/v3"), false))
                .contains("plain http", "mahak.allow-insecure-http");
        assertThat(MahakSettings.checkScheme(URI.create("http://localhost.evil.example/API/v3"), false)).isNotNull();
        assertThat(MahakSettings.checkScheme(URI.create("http://mahak.example/API/v3"), true)).isNull();
        assertThat(MahakSettings.checkScheme(URI.create("ftp://mahak.example/"), true)).contains("https");
    }

    @Test
    void thePasswordIsSentAsItsLowercaseHexMd5() {
        assertThat(TokenManager.md5Hex("demo")).isEqualTo("fe01ce2a7fbac8fafaed7c982a04e229");
    }
}
