package io.mahaksync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahaksync.targetdb.SchemaMigrator;
import io.mahaksync.testsupport.MariaDbTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** {@link PullRefusedValuesTest} with MariaDB as the target, whose TEXT holds only 64 KB. */
@QuarkusTest
@TestProfile(MariaDbTarget.class)
class PullRefusedValuesMariaDbTest extends PullRefusedValuesTest {

    @Inject
    SchemaMigrator migrator;

    @Test
    void aTextColumnOfAnEarlierVersionIsWidenedAtStartSoLongTextFits() throws Exception {
        execute(alterColumnType(target.dialect(), "description", "TEXT"));
        assertThat(columnType("description")).isEqualTo("TEXT");

        migrator.migrate(target.dataSource(), target.dialect()); // what every start does

        assertThat(columnType("description")).isEqualTo("LONGTEXT");
        aOneMegabyteTextIsStoredWhole();
    }

    private String columnType(String column) throws Exception {
        try (Connection c = target.dataSource().getConnection();
                ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), "mahak_person", column)) {
            assertThat(rs.next()).isTrue();
            return rs.getString("TYPE_NAME");
        }
    }
}
