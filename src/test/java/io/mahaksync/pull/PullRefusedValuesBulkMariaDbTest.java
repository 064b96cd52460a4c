package io.mahaksync.pull;

import io.mahaksync.testsupport.MariaDbBulkTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link PullRefusedValuesTest} on MariaDB with each batch written as multi-row upserts: a refused value still
 * fails only its own record.
 */
@QuarkusTest
@TestProfile(MariaDbBulkTarget.class)
class PullRefusedValuesBulkMariaDbTest extends PullRefusedValuesTest {
}
