package io.mahaksync.ops.admin;

import java.util.List;
import java.util.Optional;

/**
 * The operator's view of push conflicts (Mahak code 2002); the push side implements it as a CDI
 * bean over its conflict table. Rows are returned as the implementation's own JSON-serialisable
 * records.
 */
public interface ConflictDesk {

    /** Conflicts, newest first; {@code status} null for all. */
    List<?> list(String status);

    Optional<?> find(long id);

    /** Settles the conflict with Mahak (SolveDispute / SolveOrderDispute); returns Mahak's answer. */
    Object solve(long id);

    /** Closes the conflict without asking Mahak. */
    void dismiss(long id);
}
