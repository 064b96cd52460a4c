package io.mahaksync.pull;

import io.mahaksync.catalog.EntityDef;
import io.mahaksync.client.MahakClient;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The entities that came back empty from a full sync, with the likely reason. Mahak answers
 * {@code Result:true} with empty collections when the user may see nothing (people and products reach a
 * visitor only once they are assigned to it in the Bazara add-on), so this is reported once, in the log and
 * in the admin API, and never as an error. The note goes away when the entity brings records.
 */
@Singleton
public class EmptyEntities {

    private static final Logger LOG = Logger.getLogger(EmptyEntities.class);
    /** What a visitor sees only when it is assigned: through VisitorPeople or VisitorProducts. */
    private static final Set<String> PEOPLE_OF_A_VISITOR = Set.of("people", "personAddresses", "visitorPeople");
    private static final Set<String> PRODUCTS_OF_A_VISITOR = Set.of("products", "productDetails", "visitorProducts",
            "productProperties", "productDetailStoreAssets");

    private final MahakClient client;
    private final Map<String, String> notes = new ConcurrentHashMap<>();

    EmptyEntities(MahakClient client) {
        this.client = client;
    }

    /** Called when a cycle finished for an entity: {@code records} it brought, from {@code startCursor}. */
    void cycleFinished(EntityDef entity, long startCursor, long records) {
        if (records > 0) {
            notes.remove(entity.name());
            return;
        }
        if (startCursor != 0) {
            return; // a delta with nothing new says nothing about emptiness
        }
        String note = note(entity.name(), client.currentVisitorId());
        if (notes.putIfAbsent(entity.name(), note) == null) {
            LOG.infof("%s is empty after its first full sync: %s", entity.name(), note);
        }
    }

    /** Why the entity is empty, when its last full sync brought nothing. */
    public Optional<String> note(String entity) {
        return Optional.ofNullable(notes.get(entity));
    }

    static String note(String entity, Optional<Long> visitor) {
        String normal = " Mahak answered Result:true with no records; this is normal, not an error.";
        String assigned = PEOPLE_OF_A_VISITOR.contains(entity) ? "people (VisitorPeople)"
                : PRODUCTS_OF_A_VISITOR.contains(entity) ? "products (VisitorProducts, 'send and receive')" : null;
        if (assigned == null) {
            return "this Mahak database has no " + entity + " records the user may see yet." + normal;
        }
        return visitor.map(v -> "likely no " + assigned + " are assigned to visitor " + v
                + " in Mahak's Bazara add-on; assign them there, or set mahak.visitor-id to the visitor that has them.")
                .orElse("no currentVisitorId was sent (mahak.visitor-id=none, or Login named no visitor), and Mahak "
                        + "may send " + assigned + " only for a visitor: set mahak.visitor-id or leave it empty to use "
                        + "the VisitorId of Login.")
                + normal;
    }
}
