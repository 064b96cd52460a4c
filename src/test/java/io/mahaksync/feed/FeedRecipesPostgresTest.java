package io.mahaksync.feed;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every change-feed scenario of {@link FeedRecipesTest}, with PostgreSQL as the target. */
@QuarkusTest
@TestProfile(FeedProfiles.Postgres.class)
class FeedRecipesPostgresTest extends FeedRecipesTest {
}
