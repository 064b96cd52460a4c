package io.mahaksync.push;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The plan of a walk's next window, as the walk binds it (first rank, from the start, 1,000 rows). */
final class WindowPlans {

    private WindowPlans() {
    }

    /** {@code EXPLAIN} of the window query of {@code scope}, its parameters bound; the caller executes and closes it. */
    static PreparedStatement explain(Connection c, PushPending pending, String scope) throws SQLException {
        PreparedStatement ps = c.prepareStatement("EXPLAIN " + pending.windowQuery(scope));
        ps.setInt(1, 0);
        ps.setLong(2, 0);
        ps.setInt(3, 1000);
        return ps;
    }
}
