package io.mahaksync.pull;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers a split list of records back into one list, leaving out each record whose steps ended in a
 * {@code stop} or left no body: {@code aggregationStrategy: "#keptRecords"} in the engineer's step. A step
 * that failed fails the whole list.
 */
@Singleton
@Named("keptRecords")
public class KeptRecords implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange kept, Exchange part) {
        Object record = part.getIn().getBody();
        boolean dropped = part.isRouteStop() || record == null;
        if (kept == null) {
            kept = part;
            kept.setRouteStop(false); // a stop drops this record, it does not stop the route that split the list
            kept.setProperty(KeptRecords.class.getName(), new ArrayList<>());
        }
        List<Object> records = kept.getProperty(KeptRecords.class.getName(), List.class);
        if (part.getException() != null) {
            kept.setException(part.getException());
        } else if (!dropped) {
            records.add(record);
        }
        kept.getIn().setBody(records);
        return kept;
    }
}
