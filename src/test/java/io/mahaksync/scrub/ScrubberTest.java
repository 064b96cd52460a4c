package io.mahaksync.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scrubber on the texts outside answers really hold. */
class ScrubberTest {

    @Test
    void registeredSecretsAreMaskedInAnyLetterCase() {
        Scrubber.registerSecret("9f1c2b7a0d3e4f5a6b7c8d9e0f1a2b3c");
        Scrubber.registerToken("tok-abc-123456");
        String echo = "LoginV2 answered HTTP 400: {\"Request\":{\"userName\":\"demo\",\"pwd_hash\":\"9F1C2B7A0D3E4F5A6B7C8D9E0F1A2B3C\"},"
                + "\"seen\":\"tok-abc-123456\"}";
        String clean = Scrubber.scrub(echo);
        assertThat(clean).doesNotContainIgnoringCase("9f1c2b7a0d3e4f5a6b7c8d9e0f1a2b3c").doesNotContain("tok-abc-123456")
                .contains("LoginV2 answered HTTP 400", "\"userName\":\"demo\"");
    }

    @Test
    void credentialShapedTextIsMaskedEvenWhenTheSecretIsUnknown() {
        String text = "{\"password\":\"p@ss w0rd\",\"UserToken\":\"abc.def\"} and {\\\"Password\\\":\\\"inner\\\"}"
                + " jdbc:postgresql://db:5432/erp?user=mahak&password=s3cr3t;x"
                + " https://mahak:hunter22@example.com/API Authorization: Bearer abcdefghijkl"
                + " eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        String clean = Scrubber.scrub(text);
        assertThat(clean).doesNotContain("p@ss w0rd", "abc.def", "inner", "s3cr3t", "hunter22", "abcdefghijkl",
                "eyJhbGciOiJIUzI1NiJ9", "c2lnbmF0dXJl");
        assertThat(clean).contains("\"password\":\"***\"", "password=***", "mahak:***@example.com", "Bearer ***",
                "user=mahak");
    }

    @Test
    void controlCharactersAreEscapedSoATextStaysOneLine() {
        String clean = Scrubber.scrub("first\nERROR [forged] line\r\0end\u001b[31m\u2028");
        assertThat(clean).isEqualTo("first\\nERROR [forged] line\\r\\0end\\u001b[31m\\u2028");
    }

    @Test
    void longTextsAreCutAndScrubbingTwiceChangesNothing() {
        String clean = Scrubber.scrub("x".repeat(6300) + " password=secret-at-the-end");
        assertThat(clean).hasSizeLessThanOrEqualTo(Scrubber.MAX_LENGTH).contains("cut, 6").doesNotContain("secret-at");
        assertThat(Scrubber.scrub(clean)).isEqualTo(clean);
        String masked = Scrubber.scrub("{\"password\":\"a\"} token=b Bearer cccccccccc https://u:p@h/x");
        assertThat(Scrubber.scrub(masked)).isEqualTo(masked);
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "Mahak refused the user name or password (1002): check mahak.username and mahak.password. "
                + "Result:false, Code 1002: invalid user name or password";
        assertThat(Scrubber.scrub(text)).isEqualTo(text);
        assertThat(Scrubber.scrub(null)).isNull();
    }
}
