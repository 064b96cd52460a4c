package io.mahaksync.targetdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The checksums Flyway records for the migrations that have shipped. A change to one of them, also
 * through a shared helper such as {@link SqlDialect#textType()}, would stop every database that
 * applied it at its next start: this test fails first. (Add a new migration instead of editing one.)
 */
class MigrationChecksumTest {

    private static final Map<SqlDialect, Map<Integer, Integer>> SHIPPED = Map.of(
            SqlDialect.H2, Map.of(1, 1809953645, 20, 637861498, 21, -1030079464, 30, 130909771),
            SqlDialect.POSTGRESQL, Map.of(1, -226240637, 20, -1814857845, 21, -1030079464, 30, 130909771),
            SqlDialect.MARIADB, Map.of(1, -1704647314, 20, 736460187, 21, -1165622035, 30, -287941842));

    @Test
    void shippedMigrationsKeepTheirChecksumOnEveryDatabase() {
        SoftAssertions softly = new SoftAssertions();
        SHIPPED.forEach((dialect, checksums) -> checksums.forEach((version, checksum) -> {
            Migration m = Migrations.ALL.stream().filter(x -> x.version() == version).findFirst().orElseThrow();
            softly.assertThat(FlywayStep.versioned(m, dialect).getChecksum()).as("V%d on %s", version, dialect)
                    .isEqualTo(checksum);
        }));
        softly.assertAll();
    }

    @Test
    void theChecksumFollowsTheSqlAndTheDialect() {
        Migration.Step one = (sql, d) -> sql.execute("CREATE TABLE " + d.quote("t") + " (x " + d.textType() + ")");
        Migration.Step other = (sql, d) -> sql.execute("CREATE TABLE " + d.quote("t") + " (y " + d.textType() + ")");
        assertThat(SqlRecorder.checksum(one, SqlDialect.H2)).isNotEqualTo(SqlRecorder.checksum(other, SqlDialect.H2));
        assertThat(SqlRecorder.checksum(one, SqlDialect.H2)).isNotEqualTo(SqlRecorder.checksum(one, SqlDialect.MARIADB));
        assertThat(SqlRecorder.checksum(one, SqlDialect.H2)).isEqualTo(SqlRecorder.checksum(one, SqlDialect.H2));
    }

    @Test
    void aStepThatReadsTheDatabaseGetsAChecksumFromItsVersionAndDescription() {
        Migration reads = new Migration(99, "reads first", (sql, d) -> sql.executeQuery("SELECT 1"));
        assertThat(FlywayStep.versioned(reads, SqlDialect.POSTGRESQL).getChecksum())
                .isEqualTo(SqlRecorder.crc32("V99 reads first"));
    }
}
