package io.mahaksync.pull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;

/** The next page of a cycle: its GetAllData request (the body), every entity still behind from its cursor. */
@Singleton
@Named("pageRequests")
public class PageRequests {

    /** Exchange property holding the cycle while its pages are pulled. */
    public static final String CYCLE = "MahakPullCycle";

    private final PullSettings settings;

    PageRequests(PullSettings settings) {
        this.settings = settings;
    }

    public ObjectNode next(Exchange exchange) {
        PullCycle cycle = exchange.getProperty(CYCLE, PullCycle.class);
        ObjectNode request = cycle.nextRequest(settings.pageSize(), settings.orderTypes());
        exchange.setProperty(PullPage.PROPERTY, new PullPage(cycle, request));
        return request;
    }
}
