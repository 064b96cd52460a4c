package io.mahaksync.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import io.mahaksync.simulator.MahakSimulator;
import io.mahaksync.simulator.store.RecordState;
import io.mahaksync.targetdb.SqlDialect;
import io.mahaksync.targetdb.TargetDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed through the README's recipes, loaded from a routes folder: the pull stores people from
 * the simulator, and every committed change reaches the ERP's own table (camel-jdbc) and the ERP's REST
 * API (camel-http), in row-version order, at least once, none skipped. H2 here; PostgreSQL and MariaDB in
 * the subclasses.
 */
@QuarkusTest
@TestProfile(FeedProfiles.H2.class)
class FeedRecipesTest {

    static final List<String> RECIPE_ROUTES = List.of("people-to-erp-customers", "people-to-erp-api");

    @Inject
    MahakSimulator simulator;
    @Inject
    TargetDatabase target;
    @Inject
    EntityCatalog catalog;
    @Inject
    CamelContext camel;

    final ErpApi api = FeedProfiles.ERP_API;
    final ObjectMapper json = new ObjectMapper();
    final List<String> addedRoutes = new ArrayList<>();

    @BeforeEach
    void freshStart() throws Exception {
        for (String route : RECIPE_ROUTES) {
            camel.getRouteController().stopRoute(route);
        }
        simulator.resetBehaviour();
        simulator.reseed(11, 300);
        api.clear();
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS erp_customer (customer_no INTEGER PRIMARY KEY, "
                    + "given_name VARCHAR(100), family_name VARCHAR(100), mobile_phone VARCHAR(40), "
                    + "is_removed BOOLEAN, mahak_version BIGINT)");
            s.execute("DELETE FROM erp_customer");
            s.execute("DELETE FROM " + d.quote("mahak_subscription"));
            s.execute("DELETE FROM " + d.quote("mahak_sync_state"));
            s.execute("DELETE FROM " + d.quote("mahak_sync_source"));
            for (EntityDef e : catalog.all()) {
                s.execute("DELETE FROM " + d.quote(e.table()));
            }
        }
        for (String route : RECIPE_ROUTES) {
            camel.getRouteController().startRoute(route);
        }
    }

    @AfterEach
    void removeAddedRoutes() throws Exception {
        for (String route : addedRoutes) {
            camel.getRouteController().stopRoute(route);
            camel.removeRoute(route);
        }
        addedRoutes.clear();
    }

    @Test
    void theJdbcRecipeUpsertsEveryChangeIntoTheErpsOwnTable() throws Exception {
        pullPeople();
        awaitErpTableEqualsMirror();

        List<RecordState> live = simulator.states("people").stream().filter(r -> !r.deleted()).toList();
        simulator.update("people", live.get(0).id(), JsonNodeFactory.instance.objectNode().put("firstName", "نرگس"));
        simulator.delete("people", live.get(1).id());
        simulator.insert("people", JsonNodeFactory.instance.objectNode().put("firstName", "کوروش")
                .put("lastName", "تهرانی").put("personClientId", 987654L));
        pullPeople();

        awaitErpTableEqualsMirror();
        assertThat(erpCustomers().get(live.get(0).id()).get("given_name")).isEqualTo("نرگس");
        assertThat(erpCustomers().get(live.get(1).id()).get("is_removed")).isEqualTo(true);
        // the cursor moves once the exchange that wrote the rows has completed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(subscription("erp-customers")
                .get("row_version")).isEqualTo(newestInMirror()));
        assertThat(subscription("erp-customers").get("last_error")).isNull();
    }

    @Test
    void theHttpRecipePostsEveryBatchRetriesA503AndARefusedBatchComesAgainWithoutASkip() throws Exception {
        api.failNext(2); // retried by the shared error policy inside one delivery (3 attempts in tests)
        pullPeople();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(postedVersions())
                .containsAll(mirrorVersions()));
        assertThat(api.refused()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(subscription("erp-api")
                .get("row_version")).isEqualTo(newestInMirror()));
        long cursor = (Long) subscription("erp-api").get("row_version");

        // The API is down for longer than the retries last: the batch fails, its cursor stays, it comes again
        api.failNext(1000);
        List<RecordState> live = simulator.states("people").stream().filter(r -> !r.deleted()).toList();
        for (int i = 0; i < 3; i++) {
            simulator.update("people", live.get(i).id(), JsonNodeFactory.instance.objectNode().put("city", "یزد"));
        }
        pullPeople();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.refused() >= 2 + 8); // two polls, 4 attempts each
        assertThat(subscription("erp-api").get("row_version")).as("the cursor of a failing subscriber").isEqualTo(cursor);
        assertThat((String) subscription("erp-api").get("last_error")).contains("503");
        // subscribers are independent: the ERP table has the changes while the API refuses them
        awaitErpTableEqualsMirror();

        api.failNext(0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(postedVersions())
                .containsAll(mirrorVersions()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(subscription("erp-api")
                .get("row_version")).isEqualTo(newestInMirror()));
        assertThat(subscription("erp-api").get("last_error")).isNull();
        // each batch in row-version order, batches one after the other, with a key that names the range
        long previousTo = 0;
        for (ErpApi.Received r : api.accepted()) {
            List<Long> versions = new ArrayList<>();
            json.readTree(r.body()).forEach(n -> versions.add(n.get("rowVersion").asLong()));
            assertThat(versions).isSorted();
            assertThat(r.idempotencyKey()).isEqualTo("people-" + versions.get(0) + "-" + versions.get(versions.size() - 1));
            assertThat(versions.get(0)).isGreaterThan(previousTo);
            previousTo = versions.get(versions.size() - 1);
        }
    }

    @Test
    void aNewSubscriberStartsFromTheBeginningOrFromNow() throws Exception {
        pullPeople();
        List<Integer> early = new CopyOnWriteArrayList<>();
        List<Integer> late = new CopyOnWriteArrayList<>();
        addRoute("feed-early", "mahak-changes:people?subscriber=early&start=beginning&delay=200&batchSize=50", early);
        addRoute("feed-late", "mahak-changes:people?subscriber=late&start=now&delay=200", late);
        long people = simulator.count("people");
        await().atMost(Duration.ofSeconds(30)).until(() -> early.size() == people);
        await().atMost(Duration.ofSeconds(10)).until(() -> subscriptionExists("late"));
        assertThat(subscription("late").get("row_version")).isEqualTo(newestInMirror());

        List<RecordState> live = simulator.states("people").stream().filter(r -> !r.deleted()).toList();
        simulator.update("people", live.get(5).id(), JsonNodeFactory.instance.objectNode().put("city", "قم"));
        simulator.update("people", live.get(6).id(), JsonNodeFactory.instance.objectNode().put("city", "قم"));
        pullPeople();
        await().atMost(Duration.ofSeconds(30)).until(() -> late.size() == 2);
        assertThat(late).containsExactlyInAnyOrder(live.get(5).id(), live.get(6).id());
        await().atMost(Duration.ofSeconds(30)).until(() -> early.size() == people + 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(subscription("early")
                .get("records_total")).isEqualTo(people + 2));
    }

    @Test
    void aWrongUriSaysWhatIsWrong() {
        assertThatThrownBy(() -> camel.getEndpoint("mahak-changes:nobody?subscriber=x"))
                .hasStackTraceContaining("unknown Mahak entity 'nobody'");
        assertThatThrownBy(() -> camel.getEndpoint("mahak-changes:people"))
                .hasStackTraceContaining("subscriber=<name> is required");
        assertThatThrownBy(() -> camel.getEndpoint("mahak-changes:people?subscriber=x&start=yesterday"))
                .hasStackTraceContaining("start must be beginning");
        assertThatThrownBy(() -> camel.getEndpoint("mahak-changes:people?subscriber=x&batchsize=5"))
                .hasStackTraceContaining("batchsize");
    }

    private void addRoute(String id, String uri, List<Integer> ids) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(id).process(e -> {
                    for (Object record : e.getMessage().getBody(List.class)) {
                        ids.add((Integer) ((Map<?, ?>) record).get("personId"));
                    }
                });
            }
        });
        addedRoutes.add(id);
    }

    private void pullPeople() throws Exception {
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            producer.requestBody("direct:pull-now", List.of("people"));
        }
    }

    /** Every mirror row is in erp_customer with its values under the ERP's column names, and nothing else is. */
    private void awaitErpTableEqualsMirror() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<Integer, Map<String, Object>> erp = erpCustomers();
            Map<Integer, Map<String, Object>> mirror = rows("SELECT person_id, first_name, last_name, mobile, deleted, "
                    + "row_version FROM mahak_person");
            assertThat(erp.keySet()).isEqualTo(mirror.keySet());
            for (Map.Entry<Integer, Map<String, Object>> m : mirror.entrySet()) {
                Map<String, Object> row = erp.get(m.getKey());
                assertThat(row.get("given_name")).isEqualTo(m.getValue().get("first_name"));
                assertThat(row.get("family_name")).isEqualTo(m.getValue().get("last_name"));
                assertThat(row.get("mobile_phone")).isEqualTo(m.getValue().get("mobile"));
                assertThat(row.get("is_removed")).isEqualTo(m.getValue().get("deleted"));
                assertThat(row.get("mahak_version")).isEqualTo(m.getValue().get("row_version"));
            }
        });
    }

    private Map<Integer, Map<String, Object>> erpCustomers() throws SQLException {
        return rows("SELECT customer_no, given_name, family_name, mobile_phone, is_removed, mahak_version FROM erp_customer");
    }

    /** person id:row version of every record the API accepted. */
    private Set<String> postedVersions() throws Exception {
        Set<String> versions = new HashSet<>();
        for (ErpApi.Received r : api.accepted()) {
            for (JsonNode n : json.readTree(r.body())) {
                versions.add(n.get("personId").asInt() + ":" + n.get("rowVersion").asLong());
            }
        }
        return versions;
    }

    private Set<String> mirrorVersions() throws SQLException {
        Set<String> versions = new HashSet<>();
        rows("SELECT person_id, row_version FROM mahak_person").forEach((id, r) -> versions.add(id + ":" + r.get("row_version")));
        return versions;
    }

    private long newestInMirror() throws SQLException {
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(row_version) FROM mahak_person")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean subscriptionExists(String subscriber) throws SQLException {
        return !rows("SELECT 1 AS k, row_version FROM mahak_subscription WHERE subscriber = '" + subscriber + "'").isEmpty();
    }

    private Map<String, Object> subscription(String subscriber) throws SQLException {
        Map<Integer, Map<String, Object>> rows = rows("SELECT 1 AS k, row_version, records_total, last_error "
                + "FROM mahak_subscription WHERE subscriber = '" + subscriber + "' AND entity = 'people'");
        assertThat(rows).as("subscription of %s", subscriber).hasSize(1);
        return rows.get(1);
    }

    /** Rows by their first column (an integer key), each as lower-case column name to value (longs as Long). */
    private Map<Integer, Map<String, Object>> rows(String sql) throws SQLException {
        Map<Integer, Map<String, Object>> rows = new TreeMap<>();
        try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new TreeMap<>();
                for (int i = 2; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Number num && !(v instanceof Double)) {
                        v = num.longValue();
                    }
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), v);
                }
                rows.put(rs.getInt(1), row);
            }
        }
        return rows;
    }
}
