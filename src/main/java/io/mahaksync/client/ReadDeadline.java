package io.mahaksync.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A Mahak answer that cannot hang. The socket timeout only bounds one read; a server that drips
 * its body (or its headers) could hold a reader for ever. Here {@code mahak.read-timeout} is one
 * budget for the whole answer: the wait for the headers and every wait for the next bytes of the
 * body are taken from it. A watchdog cuts the connection when the budget runs out in the middle of
 * a read, and the read fails with {@link Exceeded} (a timeout: transient). Time the caller spends
 * between reads (storing a streamed page) is not counted: only Mahak's slowness is.
 * <p>
 * An answer closed before its end aborts the connection instead of reading (draining) the rest,
 * and it is the caller's to close: Camel's own clean-up at the end of the exchange leaves it alone,
 * since a Java caller reads the answer after its exchange is done.
 */
final class ReadDeadline implements ExecChainHandler {

    private final Duration budget;
    private final ScheduledExecutorService watchdog;

    ReadDeadline(Duration budget, ScheduledExecutorService watchdog) {
        this.budget = budget;
        this.watchdog = watchdog;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        Budget b = new Budget(endpointOf(request), scope.execRuntime);
        ClassicHttpResponse response = b.during(() -> chain.proceed(request, scope), 0);
        HttpEntity entity = response.getEntity();
        if (entity != null) {
            response.setEntity(new Answer(entity, b));
        }
        return response;
    }

    /** The Sync endpoint a request goes to, the last segment of its path (GetAllData, LoginV2, ...). */
    private static String endpointOf(ClassicHttpRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A read that ran out of the answer's budget. */
    static final class Exceeded extends SocketTimeoutException {
        Exceeded(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface Wait<T> {
        T run() throws IOException, HttpException;
    }

    /** What is left of one answer's budget, and the watchdog that enforces it. */
    private final class Budget {

        private final String endpoint;
        private final ExecRuntime runtime;
        private long nanosLeft = budget.toNanos();
        private volatile boolean expired;

        Budget(String endpoint, ExecRuntime runtime) {
            this.endpoint = endpoint;
            this.runtime = runtime;
        }

        /** Runs one wait for Mahak within what is left of the budget. */
        <T> T during(Wait<T> wait, long bytes) throws IOException, HttpException {
            if (nanosLeft <= 0) {
                abort();
                throw exceeded(bytes);
            }
            long started = System.nanoTime();
            ScheduledFuture<?> alarm = watchdog.schedule(this::expire, nanosLeft, TimeUnit.NANOSECONDS);
            try {
                return wait.run();
            } catch (SocketTimeoutException e) {
                abort();
                throw exceeded(bytes);
            } catch (IOException e) {
                if (expired) {
                    throw exceeded(bytes);
                }
                throw e;
            } finally {
                alarm.cancel(false);
                nanosLeft -= System.nanoTime() - started;
            }
        }

        private void expire() {
            expired = true;
            abort();
        }

        /** Cuts the connection: an unread rest is never drained, and a blocked read ends at once. */
        void abort() {
            runtime.discardEndpoint();
        }

        Exceeded exceeded(long bytes) {
            return new Exceeded(endpoint + " did not deliver its whole answer within the read timeout of "
                    + budget.toMillis() + " ms (mahak.read-timeout); " + bytes + " bytes of the body had arrived");
        }
    }

    /**
     * The answer's entity: its content is the budgeted stream, handed out once, to its reader. Whoever asks
     * again gets nothing to read, so that a clean-up which "consumes" the entity (reads it to its end: camel-http
     * does at the end of the exchange) leaves the stream to its reader.
     */
    private static final class Answer extends HttpEntityWrapper {

        private final Budget budget;
        private Body body;

        Answer(HttpEntity wrapped, Budget budget) {
            super(wrapped);
            this.budget = budget;
        }

        @Override
        public synchronized InputStream getContent() throws IOException {
            if (body == null) {
                body = new Body(super.getContent(), budget);
                return body;
            }
            return InputStream.nullInputStream();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (body != null) {
                body.close();
            } else {
                budget.abort(); // never read: nothing of it is wanted
            }
        }
    }

    private static final class Body extends InputStream {

        private final InputStream in;
        private final Budget budget;
        private boolean ended;
        private boolean closed;
        private long bytes;

        Body(InputStream in, Budget budget) {
            this.in = in;
            this.budget = budget;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (ended) {
                return -1;
            }
            if (closed) {
                throw new IOException("the " + budget.endpoint + " answer was closed");
            }
            int n;
            try {
                n = budget.during(() -> in.read(into, offset, length), bytes);
            } catch (HttpException impossible) {
                throw new IOException(impossible);
            }
            if (n < 0) {
                ended = true;
            } else {
                bytes += n;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return ended || closed ? 0 : in.available();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (ended) {
                in.close(); // at its end: the connection goes back to the pool
                return;
            }
            // before its end: the connection is cut, not drained
            if (in instanceof EofSensorInputStream sensor) {
                sensor.abort();
            } else {
                budget.abort();
                try {
                    in.close();
                } catch (IOException cutAlready) {
                    // the connection is gone, which is what was wanted
                }
            }
        }
    }
}
