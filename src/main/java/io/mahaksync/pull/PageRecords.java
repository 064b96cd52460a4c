package io.mahaksync.pull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.client.MahakClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The page's answer as the split's parts, read lazily from the stream: each part one entity's next records
 * (a {@code List} of {@link WireRecord}s, at most {@code mahak.pull.records-per-exchange}), with headers
 * {@value #ENTITY}, {@value #TABLE} and {@value #CURSOR}. Each record is counted for the entity's cursor as it
 * is read, before any step sees it; collections the cycle did not ask for are read past. The answer is read
 * {@code mahak.pull.read-ahead} parts ahead on a thread of its own ({@link ReadAhead}).
 */
@Singleton
@Named("pageRecords")
public class PageRecords {

    /** Header: the entity's CommitDataModel name, e.g. {@code people}. */
    public static final String ENTITY = "MahakEntity";
    /** Header: the entity's table in the target database, e.g. {@code mahak_person}. */
    public static final String TABLE = "MahakTable";
    /** Header: the entity's cursor (row version) the page was asked from. */
    public static final String CURSOR = "MahakPageCursor";

    private final EntityCatalog catalog;
    private final ObjectMapper mapper;
    private final MahakClient client;
    private final int perExchange;
    private final int readAhead;
    /** Threads reading answers ahead of their routes: one per page being pulled, idle ones end after a minute. */
    private final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "mahak-pull-read-ahead");
        t.setDaemon(true);
        return t;
    });

    PageRecords(EntityCatalog catalog, ObjectMapper mapper, MahakClient client,
            @ConfigProperty(name = "mahak.pull.records-per-exchange", defaultValue = "500") int perExchange,
            @ConfigProperty(name = "mahak.pull.read-ahead", defaultValue = "2") int readAhead) {
        if (perExchange < 1) {
            throw new IllegalArgumentException("mahak.pull.records-per-exchange must be 1 or more, got " + perExchange);
        }
        if (readAhead < 0) {
            throw new IllegalArgumentException("mahak.pull.read-ahead must be 0 or more, got " + readAhead);
        }
        this.catalog = catalog;
        this.mapper = mapper;
        this.client = client;
        this.perExchange = perExchange;
        this.readAhead = readAhead;
    }

    public Iterator<Message> split(Exchange exchange) {
        PullPage page = exchange.getProperty(PullPage.PROPERTY, PullPage.class);
        String endpoint = client.settings().versioned("GetAllData");
        GetAllDataReader answer = new GetAllDataReader(catalog, mapper, endpoint, exchange.getIn().getBody(InputStream.class));
        page.answer = answer;
        Parts parts = new Parts(exchange, page);
        if (readAhead == 0) {
            return parts;
        }
        page.readAhead = new ReadAhead(parts, readAhead, readers, answer::closeStream);
        return page.readAhead;
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }

    private final class Parts implements Iterator<Message> {
        private final Exchange exchange;
        private final PullPage page;
        private GetAllDataReader.Item ahead;
        private boolean ended;

        Parts(Exchange exchange, PullPage page) {
            this.exchange = exchange;
            this.page = page;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null && !ended) {
                ahead = nextAskedFor();
            }
            return ahead != null;
        }

        @Override
        public Message next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            GetAllDataReader.Item first = ahead;
            ahead = null;
            List<Object> records = new ArrayList<>(Math.min(perExchange, 64));
            records.add(new WireRecord(first.record()));
            while (records.size() < perExchange) {
                GetAllDataReader.Item item = nextAskedFor();
                if (item == null) {
                    break;
                }
                if (item.entity() != first.entity()) {
                    ahead = item; // the next collection starts the next part
                    break;
                }
                records.add(new WireRecord(item.record()));
            }
            Message part = new DefaultMessage(exchange.getContext());
            part.setBody(records);
            part.setHeader(ENTITY, first.entity().name());
            part.setHeader(TABLE, first.entity().table());
            part.setHeader(CURSOR, page.tallies.get(first.entity().name()).cursorAtRequest);
            return part;
        }

        /** The next record of an entity the cycle asked for, counted; null at the end of the answer. */
        private GetAllDataReader.Item nextAskedFor() {
            for (GetAllDataReader.Item item = page.answer.next(); item != null; item = page.answer.next()) {
                PullPage.Tally t = page.tally(item.entity());
                if (t != null) {
                    t.count(item.record());
                    return item;
                }
            }
            ended = true;
            return null;
        }
    }
}
