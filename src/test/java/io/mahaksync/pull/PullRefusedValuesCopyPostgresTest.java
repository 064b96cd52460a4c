package io.mahaksync.pull;

import io.mahaksync.testsupport.PostgresCopyTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link PullRefusedValuesTest} on PostgreSQL with each batch written through COPY: a refused value still fails
 * only its own record, and text with COPY's delimiters is stored exactly.
 */
@QuarkusTest
@TestProfile(PostgresCopyTarget.class)
class PullRefusedValuesCopyPostgresTest extends PullRefusedValuesTest {
}
