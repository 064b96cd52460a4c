package io.mahaksync.feed;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every change-feed scenario of {@link FeedRecipesTest}, with MariaDB as the target. */
@QuarkusTest
@TestProfile(FeedProfiles.MariaDb.class)
class FeedRecipesMariaDbTest extends FeedRecipesTest {
}
