package io.mahaksync.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Mahak answer as an {@link InputStream} that cannot hang. The JDK client's request timeout
 * only covers the wait for the headers; a server that stalls in the middle of a body blocked the
 * reader for as long as the socket stayed open. Here the read timeout is one budget for the whole
 * answer: the wait for the headers and every wait for the next chunk of the body are taken from
 * it, and when it runs out the read fails with {@link HttpTimeoutException} (a transient failure)
 * and the connection is dropped. Time the caller spends between reads (storing a streamed page)
 * is not counted: only Mahak's slowness is.
 */
final class ReadDeadline {

    private ReadDeadline() {
    }

    /** A body handler for one request about to be sent; its budget starts now. */
    static HttpResponse.BodyHandler<InputStream> handler(String endpoint, Duration budget) {
        long started = System.nanoTime();
        return info -> new Body(endpoint, budget, budget.toNanos() - (System.nanoTime() - started));
    }

    private static final class Body implements HttpResponse.BodySubscriber<InputStream> {

        private static final Object END = new Object();

        private final String endpoint;
        private final Duration budget;
        private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
        private final Stream stream = new Stream();
        private volatile Flow.Subscription subscription;
        private volatile boolean closed;
        private long nanosLeft;

        Body(String endpoint, Duration budget, long nanosLeft) {
            this.endpoint = endpoint;
            this.budget = budget;
            this.nanosLeft = nanosLeft;
        }

        @Override
        public CompletionStage<InputStream> getBody() {
            return CompletableFuture.completedFuture(stream);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            arrived.add(item);
        }

        @Override
        public void onError(Throwable t) {
            arrived.add(t);
        }

        @Override
        public void onComplete() {
            arrived.add(END);
        }

        private void cancel() {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        private final class Stream extends InputStream {

            private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
            private ByteBuffer current;
            private boolean ended;
            private long bytes;

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
                ByteBuffer b = nextBuffer();
                if (b == null) {
                    return -1;
                }
                int n = Math.min(length, b.remaining());
                b.get(into, offset, n);
                bytes += n;
                return n;
            }

            /** A buffer with bytes left, waiting for the next chunk within the budget; null at the end. */
            private ByteBuffer nextBuffer() throws IOException {
                while (current == null || !current.hasRemaining()) {
                    if (buffers.hasNext()) {
                        current = buffers.next();
                        continue;
                    }
                    if (ended) {
                        return null;
                    }
                    if (closed) {
                        throw new IOException("the " + endpoint + " answer was closed");
                    }
                    Object next = take();
                    if (next == END) {
                        ended = true;
                    } else if (next instanceof Throwable t) {
                        ended = true;
                        throw t instanceof IOException io ? io : new IOException(t);
                    } else {
                        @SuppressWarnings("unchecked")
                        List<ByteBuffer> chunk = (List<ByteBuffer>) next;
                        buffers = chunk.iterator();
                        subscription.request(1);
                    }
                }
                return current;
            }

            private Object take() throws IOException {
                long waitStarted = System.nanoTime();
                Object next;
                try {
                    next = nanosLeft > 0 ? arrived.poll(nanosLeft, TimeUnit.NANOSECONDS) : arrived.poll();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    throw new InterruptedIOException("reading the " + endpoint + " answer was interrupted");
                }
                nanosLeft -= System.nanoTime() - waitStarted;
                if (next == null) {
                    cancel();
                    throw new HttpTimeoutException(endpoint + " did not deliver its whole answer within the read timeout of "
                            + budget.toMillis() + " ms (mahak.read-timeout); " + bytes + " bytes of the body had arrived");
                }
                return next;
            }

            @Override
            public void close() {
                if (!ended) {
                    cancel(); // drops the connection instead of reading the rest of an unwanted body
                }
            }
        }
    }
}
