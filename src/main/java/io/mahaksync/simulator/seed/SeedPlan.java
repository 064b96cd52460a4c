package io.mahaksync.simulator.seed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many rows each main entity gets for a requested total: roughly people 10%, products 8%,
 * productDetails 10%, orders 20%, orderDetails 40%, the rest small. Entities are listed parents first,
 * which is also the order they are seeded in, so row versions grow from parents to children.
 */
public final class SeedPlan {

    public static final int MIN_RECORDS = 10;
    public static final int MAX_RECORDS = 1_000_000;

    /** Entity and its share of the total, parents before children. */
    private static final Object[][] SHARES = {
            {"units", 0.001}, {"bankGroups", 0.001}, {"banks", 0.002}, {"cashes", 0.002}, {"stores", 0.002},
            {"personGroups", 0.005}, {"people", 0.10}, {"productCategories", 0.005}, {"products", 0.08},
            {"productDetails", 0.10}, {"visitors", 0.002}, {"visitorPeople", 0.05}, {"visitorProducts", 0.05},
            {"orders", 0.20}, {"orderDetails", 0.40}};

    /** Entities that must have at least one row so that every generated reference has a target. */
    private static final List<String> NEVER_EMPTY = List.of("people", "products", "productDetails", "orders",
            "visitors");

    private final long seed;
    private final int total;
    private final Map<String, Integer> counts;

    public SeedPlan(long seed, int total) {
        if (total < MIN_RECORDS || total > MAX_RECORDS) {
            throw new IllegalArgumentException("records must be between " + MIN_RECORDS + " and " + MAX_RECORDS
                    + ", not " + total);
        }
        this.seed = seed;
        this.total = total;
        this.counts = Collections.unmodifiableMap(apportion(total));
    }

    /** Largest-remainder apportionment, so the counts add up to exactly {@code total}. */
    private static Map<String, Integer> apportion(int total) {
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
        return counts;
    }

    public long seed() {
        return seed;
    }

    public int total() {
        return total;
    }

    /** Rows per entity, parents first. */
    public Map<String, Integer> counts() {
        return counts;
    }

    public int count(String entity) {
        return counts.getOrDefault(entity, 0);
    }
}
