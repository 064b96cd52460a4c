package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.MahakSimulator;
import io.mahaksync.simulator.store.RecordState;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * What the pull tests share: a clean simulator and target, a way to run a pull cycle through the
 * real routes, and the comparison of a target table with what the simulator holds.
 */
public abstract class PullScenario {

    static final List<String> ENTITIES = List.of("people", "products", "productDetails", "orders", "orderDetails",
            "visitorPeople");

    @Inject
    MahakSimulator simulator;
    @Inject
    TargetDatabase target;
    @Inject
    EntityCatalog catalog;
    @Inject
    CursorStore cursors;
    @Inject
    CamelContext camel;

    /** The simulator reseeded with {@code records} rows, normal behaviour, and an empty target. */
    void freshStart(int records) throws SQLException {
        simulator.resetBehaviour();
        simulator.reseed(11, records);
        simulator.clearRequestLog();
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + d.quote("mahak_sync_state"));
            s.execute("DELETE FROM " + d.quote("mahak_sync_source"));
            s.execute("DELETE FROM " + d.quote("mahak_verify_run"));
            s.execute("DELETE FROM " + d.quote("mahak_dead_letter"));
            for (EntityDef e : catalog.all()) {
                s.execute("DELETE FROM " + d.quote(e.table()));
            }
        }
    }

    /** Runs one pull cycle of these entities through the pull-now route, as an admin call would. */
    void pull(List<String> entities) {
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            producer.requestBody("direct:pull-now", entities);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** id, row version and deleted of every row of the entity's target table, by id. */
    List<RecordState> targetStates(String entity) throws SQLException {
        EntityDef e = catalog.get(entity);
        SqlDialect d = target.dialect();
        List<RecordState> rows = new ArrayList<>();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + d.quote(e.idFieldDef().column()) + ", "
                        + d.quote("row_version") + ", " + d.quote("deleted") + " FROM " + d.quote(e.table()))) {
            while (rs.next()) {
                rows.add(new RecordState(rs.getInt(1), rs.getLong(2), rs.getBoolean(3)));
            }
        }
        rows.sort(Comparator.comparingInt(RecordState::id));
        return rows;
    }

    /** 0 missing, 0 extra, 0 stale rows, and a cursor that is exactly the newest row version stored. */
    void assertTargetEqualsSimulator(String entity) throws SQLException {
        List<RecordState> expected = new ArrayList<>(simulator.states(entity));
        expected.sort(Comparator.comparingInt(RecordState::id));
        assertThat(targetStates(entity)).as("target rows of %s", entity).containsExactlyElementsOf(expected);
        long newest = expected.stream().mapToLong(RecordState::rowVersion).max().orElse(0);
        assertThat(cursors.state(catalog.get(entity).name()).orElseThrow().rowVersion())
                .as("cursor of %s", entity).isEqualTo(newest);
    }

    long getAllDataCalls() {
        return simulator.requestLog().stream().filter(r -> r.path().toLowerCase().contains("getalldata")).count();
    }
}
