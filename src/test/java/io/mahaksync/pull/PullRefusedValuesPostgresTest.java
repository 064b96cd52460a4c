package io.mahaksync.pull;

import io.mahaksync.testsupport.PostgresTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link PullRefusedValuesTest} with PostgreSQL as the target (its text cannot hold U+0000). */
@QuarkusTest
@TestProfile(PostgresTarget.class)
class PullRefusedValuesPostgresTest extends PullRefusedValuesTest {
}
