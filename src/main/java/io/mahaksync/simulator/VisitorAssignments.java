package io.mahaksync.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.store.StoredRecord;
import io.mahaksync.simulator.store.StoredRecord.Origin;
import jakarta.inject.Singleton;

/**
 * Gives a new person or product detail to a visitor, as an operator assigns it in Mahak's Bazara add-on:
 * a VisitorPeople / VisitorProducts row. Without one, a client asking for that visitor would never see it.
 */
@Singleton
public class VisitorAssignments {

    private final EntityCatalog catalog;
    private final RecordMutations mutations;

    public VisitorAssignments(EntityCatalog catalog, RecordMutations mutations) {
        this.catalog = catalog;
        this.mutations = mutations;
    }

    /** Assigns {@code created} to {@code visitorId} when it is a person or a product detail; else does nothing. */
    public void assign(EntityDef def, StoredRecord created, int visitorId) {
        String junction = switch (def.name()) {
            case "people" -> "visitorPeople";
            case "productDetails" -> "visitorProducts";
            default -> null;
        };
        if (junction == null) {
            return;
        }
        ObjectNode link = JsonNodeFactory.instance.objectNode();
        link.put(def.idField(), created.id());
        link.put("visitorId", visitorId);
        mutations.insert(catalog.get(junction), link, Origin.ADMIN);
    }
}
