package io.mahaksync.ops.admin;

/**
 * Replays the dead letters of one flow; the flow that writes them implements it as a CDI bean
 * (e.g. push: the outbox row goes back to pending). The admin API finds it by {@link #flow()}.
 */
public interface DeadLetterReplayer {

    /** The {@code mahak_dead_letter.flow} value this replayer handles, e.g. {@code push}. */
    String flow();

    /**
     * Replays the dead letter, optionally with a corrected payload (null: as it was), and marks it
     * replayed. Throws IllegalArgumentException when it cannot be replayed as asked, and
     * IllegalStateException when it is no longer waiting. Returns a short description for the caller.
     */
    Object replay(long deadLetterId, String correctedPayload);
}
