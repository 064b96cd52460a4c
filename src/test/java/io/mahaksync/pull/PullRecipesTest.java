package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mahaksync.simulator.store.RecordState;
import io.mahaksync.targetdb.SqlDialect;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's pull recipes, each loaded as it is from a folder of routes (no rebuild): what the engineer's
 * step leaves is what is stored, the cursor moves past what it dropped, and a failing step stores nothing
 * of the page and leaves its reason in last_error.
 */
@QuarkusTest
@TestProfile(PullRecipesTest.RoutesFolder.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PullRecipesTest extends PullScenario {

    /** The folder the service loads routes from, holding the filter recipe from the start. */
    static final Path FOLDER = folderWith("pull-filter.camel.yaml");

    /** The service as a user starts it with a routes folder of their own (README, "Your own steps on pulled records"). */
    public static class RoutesFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml,file:" + FOLDER + "/*.camel.yaml",
                    "camel.main.routes-exclude-pattern", "**/pull-records.camel.yaml");
        }
    }

    @BeforeEach
    void clean() throws Exception {
        freshStart(300);
    }

    @Test
    @Order(1)
    void theFilterRecipeFromTheFolderDropsPeopleOfOneGroupAndTheCursorMovesPastThem() throws Exception {
        freshStart(3000); // people in 15 groups
        assertThat(camel.getRoute("pull-records").getSourceLocation()).as("pull-records comes from the folder")
                .contains(FOLDER.toString());
        List<RecordState> people = simulator.states("people");
        List<Integer> kept = people.stream().map(RecordState::id).filter(id -> group(id) != 1).toList();
        assertThat(kept).as("some people are kept").isNotEmpty().hasSizeLessThan(people.size());

        pull(List.of("people", "products"));

        assertThat(targetStates("people").stream().map(RecordState::id).toList()).as("stored people")
                .containsExactlyInAnyOrderElementsOf(kept);
        long newest = people.stream().mapToLong(RecordState::rowVersion).max().orElseThrow();
        assertThat(cursors.state("people").orElseThrow().rowVersion()).as("people's cursor, past the dropped ones")
                .isEqualTo(newest);
        assertTargetEqualsSimulator("products"); // other entities pass untouched

        // the next cycle asks from that cursor: nothing new, nothing stored
        simulator.clearRequestLog();
        pull(List.of("people"));
        assertThat(getAllDataCalls()).as("GetAllData calls of a caught-up cycle").isEqualTo(1);
        assertThat(targetStates("people")).hasSize(kept.size());
    }

    @Test
    @Order(2)
    void theReshapeRecipeStoresTheCodeTrimmedAndUpperCased() throws Exception {
        useRecordsRoute(folderWith("pull-reshape.camel.yaml").resolve("pull-reshape.camel.yaml"));
        int id = simulator.states("people").get(0).id();
        ObjectNode change = JsonNodeFactory.instance.objectNode().put("nationalCode", "  ab12c ");
        simulator.update("people", id, change);

        pull(List.of("people"));

        assertTargetEqualsSimulator("people");
        assertThat(storedNationalCode(id)).isEqualTo("AB12C");
    }

    @Test
    @Order(3)
    void aFailingStepFailsThePageNothingIsStoredAndTheReasonIsInLastError() throws Exception {
        Path folder = Files.createTempDirectory("mahak-routes-");
        Path failing = folder.resolve("pull-failing.camel.yaml");
        Files.writeString(failing, """
                - route:
                    id: pull-records
                    routeConfigurationId: pull-page-handling
                    from:
                      uri: direct:mahak-pull-records
                      steps:
                        - filter:
                            simple: "${header.MahakEntity} == 'people'"
                            steps:
                              - throwException:
                                  exceptionType: java.lang.IllegalStateException
                                  message: "the ERP lookup refused people"
                """);
        useRecordsRoute(failing);

        assertThatThrownBy(() -> pull(List.of("people"))).hasStackTraceContaining("the ERP lookup refused people");

        assertThat(targetStates("people")).as("people stored").isEmpty();
        assertThat(cursors.state("people").map(SyncState::rowVersion).orElse(0L)).as("people's cursor").isZero();
        assertThat(cursors.state("people").orElseThrow().lastError()).as("last_error")
                .contains("the ERP lookup refused people");
    }

    /** Replaces the running pull-records route with the one in the file, as a restart with that file would. */
    private void useRecordsRoute(Path file) throws Exception {
        camel.getRouteController().stopRoute("pull-records");
        camel.removeRoute("pull-records");
        Resource resource = PluginHelper.getResourceLoader(camel).resolveResource("file:" + file);
        PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
    }

    private int group(int personId) {
        return simulator.record("people", personId).orElseThrow().path("personGroupId").asInt();
    }

    private String storedNationalCode(int personId) throws SQLException {
        SqlDialect d = target.dialect();
        try (Connection c = target.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + d.quote("national_code") + " FROM " + d.quote("mahak_person") + " WHERE " + d.quote("person_id") + " = ?")) {
            ps.setInt(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("person %s stored", personId).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** A new folder holding the recipe of that name, copied from recipes/ as a user would. */
    private static Path folderWith(String recipe) {
        try {
            Path folder = Files.createTempDirectory("mahak-routes-");
            Files.copy(Path.of("recipes", recipe), folder.resolve(recipe));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
