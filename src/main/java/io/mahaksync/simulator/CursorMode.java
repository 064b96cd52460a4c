package io.mahaksync.simulator;

/** Whether {@code from<Entity>Version} selects rows after the cursor or from the cursor on. */
public enum CursorMode {
    /** RowVersion &gt; cursor (what the guide describes). */
    EXCLUSIVE,
    /** RowVersion &gt;= cursor (what one official client's de-duplication suggests). */
    INCLUSIVE
}
