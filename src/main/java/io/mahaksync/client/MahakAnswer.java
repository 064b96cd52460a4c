package io.mahaksync.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.scrub.Scrubber;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a whole answer that {@code direct:mahak-call} handed back unread (SaveAllData, SolveDispute, Upload):
 * parses and closes it. A body that is not JSON is a permanent failure, a connection lost while reading a
 * transient one (as {@link MahakHttp#postJson} maps them). The envelope is not checked here.
 */
public final class MahakAnswer {

    private MahakAnswer() {
    }

    public static JsonNode read(ObjectMapper mapper, String endpoint, InputStream answer) {
        if (answer == null) {
            throw new MahakPermanentException(endpoint, null, endpoint + " gave no answer", null);
        }
        try (InputStream in = answer) {
            JsonNode root = mapper.readTree(in);
            if (root == null || root.isMissingNode()) {
                throw new MahakPermanentException(endpoint, null, "Mahak's answer to " + endpoint + " is empty", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MahakPermanentException(endpoint, null,
                    "Mahak's answer to " + endpoint + " is not valid JSON: " + Scrubber.scrub(e.getOriginalMessage())
                            + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(),
                    null);
        } catch (IOException e) {
            throw new MahakTransientException(endpoint, 0, null,
                    "Reading Mahak's answer to " + endpoint + " failed: " + Scrubber.scrub(e.getMessage()), e);
        }
    }
}
