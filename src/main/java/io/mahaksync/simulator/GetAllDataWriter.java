package io.mahaksync.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.store.RecordStore;
import io.mahaksync.simulator.store.StoredRecord;
import jakarta.inject.Singleton;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Streams a GetAllData answer: rows come from a JDBC cursor and go out through a JsonGenerator as they are
 * read, so a page of any size needs little memory. Rows are shuffled in small batches: the order inside an
 * answer is not promised, and clients must not rely on it.
 */
@Singleton
public class GetAllDataWriter {

    /** Rows shuffled together; also the most rows held in memory at once. */
    private static final int SHUFFLE_BATCH = 256;
    private static final int OUTPUT_BUFFER = 64 * 1024;

    /** One entity asked for, with its cursor and the rows the request may see (null: all). */
    public record Wanted(EntityDef entity, long fromVersion, Predicate<StoredRecord> visible) {
        public Wanted(EntityDef entity, long fromVersion) {
            this(entity, fromVersion, null);
        }

        /** Only the rows that pass both this filter and {@code more} (null: no further limit). */
        public Wanted and(Predicate<StoredRecord> more) {
            return more == null ? this : new Wanted(entity, fromVersion, visible == null ? more : visible.and(more));
        }
    }

    private final RecordStore store;
    private final RecordJson recordJson;
    private final Envelope envelope;
    private final ObjectMapper mapper = new ObjectMapper();

    public GetAllDataWriter(RecordStore store, RecordJson recordJson, Envelope envelope) {
        this.store = store;
        this.recordJson = recordJson;
        this.envelope = envelope;
    }

    /**
     * Writes {@code {"Result":true,...,"Data":{"Objects":{"People":[...],...}}}}; when {@code malformed},
     * stops in the middle of a record and leaves the document unclosed.
     */
    public void write(OutputStream response, List<Wanted> wanted, int pageSize, boolean inclusive,
            boolean malformed, Random shuffle) throws IOException {
        // larger writes mean fewer hand-overs to the event loop, which dominate the cost of a big page
        OutputStream out = new BufferedOutputStream(response, OUTPUT_BUFFER);
        JsonGenerator json = mapper.getFactory().createGenerator(out);
        envelope.writeStart(json, true, MahakCodes.OK, null);
        json.writeStartObject();
        json.writeFieldName("Objects");
        json.writeStartObject();
        for (Wanted w : wanted) {
            json.writeFieldName(w.entity().collection());
            json.writeStartArray();
            List<StoredRecord> batch = new ArrayList<>(SHUFFLE_BATCH);
            store.stream(w.entity().name(), w.fromVersion(), inclusive, pageSize, w.visible(), row -> {
                batch.add(row);
                if (batch.size() == SHUFFLE_BATCH) {
                    writeShuffled(json, batch, shuffle);
                }
            });
            writeShuffled(json, batch, shuffle);
            if (malformed) {
                break;
            }
            json.writeEndArray();
        }
        if (malformed) {
            // a record cut off in the middle and no closing brackets: what a dropped stream looks like
            json.flush();
            out.write("{\"RowVersion\":12".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return;
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
        json.flush();
    }

    private void writeShuffled(JsonGenerator json, List<StoredRecord> batch, Random shuffle) {
        Collections.shuffle(batch, shuffle);
        try {
            for (StoredRecord row : batch) {
                recordJson.writeWire(json, row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.clear();
    }
}
