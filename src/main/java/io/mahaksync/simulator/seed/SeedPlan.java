package io.mahaksync.simulator.seed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many rows each main entity gets for a requested total: roughly people 10%, products 8%,
 * productDetails 10%, orders 20%, orderDetails 30%, the rest small. Entities are listed parents first,
 * which is also the order they are seeded in, so row versions grow from parents to children.
 * There is one VisitorPeople row per person and one VisitorProducts row per product detail: the first
 * {@code visitorShare} of them assign to the Login visitor ({@code visitorId}), the rest to another visitor,
 * so that a client sees what its visitor was given. The visitors include the Login visitor's id.
 */
public final class SeedPlan {

    public static final int MIN_RECORDS = 10;
    public static final int MAX_RECORDS = 1_000_000;

    /** Entity and its share of the total, parents before children. */
    private static final Object[][] SHARES = {
            {"units", 0.001}, {"bankGroups", 0.001}, {"banks", 0.002}, {"cashes", 0.002}, {"stores", 0.002},
            {"personGroups", 0.005}, {"people", 0.10}, {"productCategories", 0.005}, {"products", 0.08},
            {"productDetails", 0.10}, {"visitors", 0.002}, {"visitorPeople", 0.10}, {"visitorProducts", 0.10},
            {"orders", 0.20}, {"orderDetails", 0.30}};

    /** Entities that must have at least one row so that every generated reference has a target. */
    private static final List<String> NEVER_EMPTY = List.of("people", "products", "productDetails", "orders",
            "visitors", "stores");

    private final long seed;
    private final int total;
    private final int visitorId;
    private final double visitorShare;
    private final Map<String, Integer> counts;

    /** A plan whose Login visitor (id 3) has every person and product assigned. */
    public SeedPlan(long seed, int total) {
        this(seed, total, 3, 1.0);
    }

    public SeedPlan(long seed, int total, int visitorId, double visitorShare) {
        if (total < MIN_RECORDS || total > MAX_RECORDS) {
            throw new IllegalArgumentException("records must be between " + MIN_RECORDS + " and " + MAX_RECORDS
                    + ", not " + total);
        }
        if (visitorId < 1) {
            throw new IllegalArgumentException("the visitor id must be 1 or more, not " + visitorId);
        }
        if (!(visitorShare >= 0 && visitorShare <= 1)) {
            throw new IllegalArgumentException("the visitor share must be between 0 and 1, not " + visitorShare);
        }
        this.seed = seed;
        this.total = total;
        this.visitorId = visitorId;
        this.visitorShare = visitorShare;
        this.counts = Collections.unmodifiableMap(apportion(total, visitorId));
    }

    /** Largest-remainder apportionment, so the counts add up to exactly {@code total}. */
    private static Map<String, Integer> apportion(int total, int visitorId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<double[]> remainders = new ArrayList<>();
        int assigned = 0;
        for (int i = 0; i < SHARES.length; i++) {
            double exact = total * (Double) SHARES[i][1];
            int whole = (int) Math.floor(exact);
            counts.put((String) SHARES[i][0], whole);
            assigned += whole;
            remainders.add(new double[] {exact - whole, i});
        }
        remainders.sort((a, b) -> Double.compare(b[0], a[0]));
        for (int k = 0; assigned < total; k++, assigned++) {
            String entity = (String) SHARES[(int) remainders.get(k % remainders.size())[1]][0];
            counts.merge(entity, 1, Integer::sum);
        }
        for (String entity : NEVER_EMPTY) {
            if (counts.get(entity) == 0) {
                counts.put(entity, 1);
                counts.merge("orderDetails", -1, Integer::sum);
            }
        }
        // one junction row per person / product detail, and the Login visitor plus another among the visitors
        resize(counts, "visitorPeople", counts.get("people"), total, visitorId);
        resize(counts, "visitorProducts", counts.get("productDetails"), total, visitorId);
        resize(counts, "visitors", Math.max(counts.get("visitors"), Math.max(visitorId, 2)), total, visitorId);
        return counts;
    }

    /**
     * Sets an entity's count, the difference taken from (or given to) the order details, and from the orders
     * when a tiny plan has too few order details, so that the counts still add up to the total.
     */
    private static void resize(Map<String, Integer> counts, String entity, int count, int total, int visitorId) {
        int more = count - counts.get(entity);
        counts.put(entity, count);
        int fromDetails = Math.min(more, counts.get("orderDetails"));
        counts.merge("orderDetails", -fromDetails, Integer::sum);
        int fromOrders = more - fromDetails;
        if (fromOrders > counts.get("orders") - 1) {
            throw new IllegalArgumentException(total + " records leave no room for visitor " + visitorId
                    + " (the visitors are numbered from 1): raise the number of records or lower the visitor id");
        }
        counts.merge("orders", -fromOrders, Integer::sum);
    }

    public long seed() {
        return seed;
    }

    public int total() {
        return total;
    }

    /** The visitor Login names; the first {@link #visitorShare()} of people and product details are its. */
    public int visitorId() {
        return visitorId;
    }

    public double visitorShare() {
        return visitorShare;
    }

    /** How many of {@code count} junction rows (ids 1..n) assign to the Login visitor. */
    public int assignedToVisitor(int count) {
        return (int) Math.round(count * visitorShare);
    }

    /** The visitor that holds what the Login visitor was not given. */
    public int otherVisitorId() {
        return visitorId == 1 ? 2 : 1;
    }

    /** Rows per entity, parents first. */
    public Map<String, Integer> counts() {
        return counts;
    }

    public int count(String entity) {
        return counts.getOrDefault(entity, 0);
    }
}
