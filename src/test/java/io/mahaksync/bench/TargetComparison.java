package io.mahaksync.bench;

import io.mahaksync.bench.SimulatorProcess.State;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares the target with the simulator: per entity, rows missing from the target, rows the simulator does
 * not have, rows with another row version or deleted flag (stale), and whether a cursor is ahead of the data
 * (a record at or below the cursor that the target does not hold in that version).
 */
final class TargetComparison {

    long total;
    long missing;
    long extra;
    long stale;
    final List<String> cursorsAhead = new ArrayList<>();

    /** Full equality: what a completed sync must leave. */
    boolean equal() {
        return missing == 0 && extra == 0 && stale == 0 && cursorsAhead.isEmpty();
    }

    /** What an interrupted sync may leave: rows not yet there, but nothing wrong and no cursor ahead. */
    boolean consistentSoFar() {
        return extra == 0 && stale == 0 && cursorsAhead.isEmpty();
    }

    static TargetComparison of(Map<String, Map<Integer, State>> simulator, TargetDb target) throws SQLException {
        TargetComparison d = new TargetComparison();
        Map<String, Long> cursors = target.cursors();
        for (Map.Entry<String, Map<Integer, State>> e : simulator.entrySet()) {
            String entity = e.getKey();
            Map<Integer, State> expected = e.getValue();
            Map<Integer, State> actual = target.states(entity);
            long cursor = cursors.getOrDefault(entity, 0L);
            long behindCursor = 0;
            for (Map.Entry<Integer, State> x : expected.entrySet()) {
                d.total++;
                State got = actual.get(x.getKey());
                if (got == null) {
                    d.missing++;
                } else if (!got.equals(x.getValue())) {
                    d.stale++;
                }
                if (x.getValue().rowVersion() <= cursor && !x.getValue().equals(got)) {
                    behindCursor++;
                }
            }
            for (Integer id : actual.keySet()) {
                if (!expected.containsKey(id)) {
                    d.extra++;
                }
            }
            if (behindCursor > 0) {
                d.cursorsAhead.add(entity + " (cursor " + cursor + ", " + behindCursor + " records at or below it not stored)");
            }
        }
        return d;
    }

    @Override
    public String toString() {
        return missing + " missing, " + extra + " extra, " + stale + " stale, cursors ahead: "
                + (cursorsAhead.isEmpty() ? "none" : String.join("; ", cursorsAhead));
    }
}
