package io.mahaksync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.mahaksync.simulator.store.RecordStore;
import io.mahaksync.simulator.store.StoredRecord;
import jakarta.inject.Singleton;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What one visitor may see, as the live service answers GetAllData with a {@code currentVisitorId}: people
 * only through a VisitorPeople row for that visitor (and their addresses with them), product details only
 * through a VisitorProducts row (and their products, properties and stock rows with them), and of the
 * junction rows only the visitor's own. Other entities are not limited. A visitor that does not exist sees
 * nothing at all. The answer is computed from the junction rows and cached until one of the entities it
 * was computed from changes.
 */
@Singleton
public class VisitorScope {

    /** Entities whose rows decide what a visitor sees. */
    private static final List<String> INPUTS = List.of("visitors", "visitorPeople", "visitorProducts",
            "productDetails", "personAddresses", "productProperties", "productDetailStoreAssets");

    /** What one visitor sees: per limited entity the ids it may see; a visitor that is unknown sees nothing. */
    public record Visible(boolean known, Map<String, BitSet> ids) {

        /** The filter for an entity's rows, or null when the entity is not limited for this visitor. */
        public Predicate<StoredRecord> filter(String entity) {
            if (!known) {
                return row -> false;
            }
            BitSet allowed = ids.get(entity);
            return allowed == null ? null : row -> allowed.get(row.id());
        }
    }

    private record Cached(String stamp, Visible visible) {
    }

    private final RecordStore store;
    private final RecordJson recordJson;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    public VisitorScope(RecordStore store, RecordJson recordJson) {
        this.store = store;
        this.recordJson = recordJson;
    }

    public Visible of(long visitorId) {
        String stamp = store.changeStamp(INPUTS);
        Cached cached = cache.get(visitorId);
        if (cached == null || !cached.stamp().equals(stamp)) {
            cached = new Cached(stamp, compute(visitorId));
            cache.put(visitorId, cached);
        }
        return cached.visible();
    }

    private Visible compute(long visitorId) {
        boolean known = store.findById("visitors", visitorId).filter(v -> !v.deleted()).isPresent();
        Map<String, BitSet> ids = new HashMap<>();
        if (!known) {
            return new Visible(false, ids);
        }
        BitSet visitorPeople = new BitSet();
        BitSet people = new BitSet();
        forEach("visitorPeople", row -> {
            if (!row.deleted() && field(row, "visitorId").asLong() == visitorId) {
                visitorPeople.set(row.id());
                people.set(field(row, "personId").asInt());
            }
        });
        BitSet visitorProducts = new BitSet();
        BitSet details = new BitSet();
        forEach("visitorProducts", row -> {
            if (!row.deleted() && field(row, "visitorId").asLong() == visitorId) {
                visitorProducts.set(row.id());
                details.set(field(row, "productDetailId").asInt());
            }
        });
        BitSet products = new BitSet();
        forEach("productDetails", row -> {
            if (details.get(row.id())) {
                products.set(field(row, "productId").asInt());
            }
        });
        ids.put("visitorPeople", visitorPeople);
        ids.put("people", people);
        ids.put("personAddresses", childrenOf("personAddresses", "personId", people));
        ids.put("visitorProducts", visitorProducts);
        ids.put("productDetails", details);
        ids.put("products", products);
        ids.put("productProperties", childrenOf("productProperties", "productId", products));
        ids.put("productDetailStoreAssets", childrenOf("productDetailStoreAssets", "productDetailId", details));
        return new Visible(true, ids);
    }

    private BitSet childrenOf(String entity, String parentField, BitSet parents) {
        BitSet children = new BitSet();
        forEach(entity, row -> {
            if (parents.get(field(row, parentField).asInt())) {
                children.set(row.id());
            }
        });
        return children;
    }

    /** One field of a row as its whole record has it (only the links are read, not the rest of the row). */
    private JsonNode field(StoredRecord row, String name) {
        return recordJson.field(row, name);
    }

    private void forEach(String entity, Consumer<StoredRecord> sink) {
        store.scan(entity, sink);
    }
}
