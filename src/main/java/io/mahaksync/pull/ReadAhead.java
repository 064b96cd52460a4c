package io.mahaksync.pull;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Message;
import org.jboss.logging.Logger;

/**
 * The page's parts read a few ahead on a thread of their own, so that reading and parsing the answer overlaps
 * with the route's steps and the database writes (two cores instead of one). The route sees the same parts in
 * the same order; what the reading threw is thrown where the route would have met it. Closing stops the reader
 * at once (the answer's stream is closed under it) and waits until it has let go of the parser.
 */
final class ReadAhead implements Iterator<Message>, Closeable {

    private static final Logger LOG = Logger.getLogger(ReadAhead.class);
    private static final Object END = new Object();

    /** What the reading threw, handed over in place of the next part. */
    private record Failure(RuntimeException error) {
    }

    private final BlockingQueue<Object> queue;
    private final Runnable unblock;
    private final Future<?> reader;
    private volatile boolean cancelled;
    private Object next;
    private boolean ended;

    /**
     * @param parts   the parts as read on the caller's thread
     * @param ahead   how many parts may wait read
     * @param unblock closes what the reader may be blocked on (the answer's stream)
     */
    ReadAhead(Iterator<Message> parts, int ahead, ExecutorService threads, Runnable unblock) {
        this.queue = new ArrayBlockingQueue<>(ahead + 1); // room for the end marker or a failure after a full queue
        this.unblock = unblock;
        this.reader = threads.submit(() -> read(parts));
    }

    private void read(Iterator<Message> parts) {
        try {
            while (!cancelled && parts.hasNext()) {
                hand(parts.next());
            }
            hand(END);
        } catch (RuntimeException e) {
            hand(new Failure(e));
        }
    }

    private void hand(Object item) {
        try {
            while (!cancelled && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // the route is busy with earlier parts
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean hasNext() {
        if (ended) {
            return false;
        }
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the next records of the page", e);
            }
        }
        if (next == END) {
            ended = true;
            return false;
        }
        if (next instanceof Failure f) {
            ended = true;
            throw f.error();
        }
        return true;
    }

    @Override
    public Message next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Message part = (Message) next;
        next = null;
        return part;
    }

    /** Stops the reader (if it still reads) and waits until it has stopped; parts not taken are dropped. */
    @Override
    public void close() {
        if (reader.isDone()) {
            return;
        }
        cancelled = true;
        unblock.run();
        queue.clear();
        try {
            reader.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warn("The page's reader did not stop within 10 s of the page ending");
        } catch (java.util.concurrent.ExecutionException e) {
            // its failure, if any, was already handed over or no longer matters
        }
    }
}
