package io.mahaksync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * What a successful Login returned, read in one place: the token and when it is to be renewed, and who
 * Mahak says this client is (its visitor, database, sync id). Fields Mahak left out are null.
 * {@code WithDataTransfer} is kept for operators only: it was seen {@code false} while data still flowed.
 */
public record LoginAnswer(String token, Instant expiresAt, Long visitorId, Long databaseId, Long syncId,
        String userTitle, Boolean withDataTransfer, String serverTime) {

    /** Reads the answer's {@code Data} (wire: {@code UserToken, VisitorId, ...}; guide: {@code token}). */
    static LoginAnswer read(JsonNode root, Envelope envelope, Instant expiresAt) {
        JsonNode data = envelope.data();
        JsonNode transfer = Envelope.firstOf(data, "withDataTransfer");
        return new LoginAnswer(tokenOf(root, envelope), expiresAt, number(data, "visitorId"), number(data, "databaseId"),
                number(data, "syncId"), text(data, "userTitle"), transfer.isBoolean() ? transfer.asBoolean() : null,
                text(data, "serverTime"));
    }

    /** The token as Login gave it, or null when the answer carried none. */
    static String tokenOf(JsonNode root, Envelope envelope) {
        String token = text(envelope.data(), "userToken", "token");
        return token != null ? token : text(root, "token");
    }

    /** The visitor Login named; 0 or absent means the user is not tied to a visitor. */
    public Optional<Long> visitor() {
        return visitorId == null || visitorId <= 0 ? Optional.empty() : Optional.of(visitorId);
    }

    /** Never the token: this record may be logged or shown. */
    @Override
    public String toString() {
        return "LoginAnswer[visitorId=" + visitorId + ", databaseId=" + databaseId + ", syncId=" + syncId
                + ", userTitle=" + userTitle + ", withDataTransfer=" + withDataTransfer + ", serverTime=" + serverTime
                + ", expiresAt=" + expiresAt + "]";
    }

    private static String text(JsonNode node, String... names) {
        JsonNode v = Envelope.firstOf(node, names);
        return v.isTextual() ? v.asText() : null;
    }

    private static Long number(JsonNode node, String name) {
        JsonNode v = Envelope.firstOf(node, name);
        if (v.isIntegralNumber() || (v.isTextual() && v.asText().matches("-?[0-9]{1,18}"))) {
            return v.asLong();
        }
        return null;
    }
}
