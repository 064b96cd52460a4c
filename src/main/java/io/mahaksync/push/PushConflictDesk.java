package io.mahaksync.push;

import io.mahaksync.ops.admin.ConflictDesk;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** Lets the admin API list, solve and dismiss the push side's 2002 conflicts. */
@Singleton
public class PushConflictDesk implements ConflictDesk {

    private final PushConflicts conflicts;

    PushConflictDesk(PushConflicts conflicts) {
        this.conflicts = conflicts;
    }

    @Override
    public List<?> list(String status) {
        return status == null ? conflicts.list() : conflicts.list(status);
    }

    @Override
    public Optional<?> find(long id) {
        return conflicts.find(id);
    }

    @Override
    public Object solve(long id) {
        return conflicts.solve(id);
    }

    @Override
    public void dismiss(long id) {
        conflicts.dismiss(id);
    }
}
