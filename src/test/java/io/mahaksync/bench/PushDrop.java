package io.mahaksync.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CSV drop of orders with their details, as an ERP writes one: {@code orders.csv} and {@code orderDetails.csv}
 * with Persian text (one description in three holds a comma, so it is quoted), then {@code _READY} last. Orders
 * point at people the simulator seeded ({@code personId}), details at seeded product details, so that every row
 * is accepted. Client ids start at {@code firstClientId} so that runs against one simulator never collide.
 */
final class PushDrop {

    static final String ORDERS = "orders";
    static final String DETAILS = "orderDetails";

    final Path dir;
    final int orders;
    final int detailsPerOrder;
    final long firstClientId;

    PushDrop(Path dir, int orders, int detailsPerOrder, long firstClientId) {
        this.dir = dir;
        this.orders = orders;
        this.detailsPerOrder = detailsPerOrder;
        this.firstClientId = firstClientId;
    }

    int rows() {
        return orders * (1 + detailsPerOrder);
    }

    long orderClientId(int i) {
        return firstClientId + i;
    }

    /** After every order's: Mahak's client ids are unique across the whole database, not per entity. */
    long detailClientId(int order, int d) {
        return firstClientId + orders + (long) order * detailsPerOrder + d;
    }

    /** Writes both files; people and product details are picked among 1..n of what the simulator holds. */
    PushDrop write(long people, long productDetails) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter o = Files.newBufferedWriter(dir.resolve(ORDERS + ".csv"), StandardCharsets.UTF_8);
                BufferedWriter d = Files.newBufferedWriter(dir.resolve(DETAILS + ".csv"), StandardCharsets.UTF_8)) {
            o.write("orderClientId,personId,orderDate,orderType,description\n");
            d.write("orderDetailClientId,orderClientId,productDetailId,storeId,price,count1,description\n");
            for (int i = 0; i < orders; i++) {
                String text = i % 3 == 0 ? "\"سفارش " + i + "، فوری\"" : "سفارش نوروزی " + i;
                o.write(orderClientId(i) + "," + (1 + i % people) + ",2024-03-" + (10 + i % 19) + "T10:30:00,1," + text + "\n");
                for (int k = 0; k < detailsPerOrder; k++) {
                    d.write(detailClientId(i, k) + "," + orderClientId(i) + "," + (1 + (i * 7L + k) % productDetails) + ",1,"
                            + (1000 * (1 + k)) + "," + (1 + k) + ",چای ایرانی " + k + "\n");
                }
            }
        }
        return this;
    }

    /** The marker that hands the drop to the product; written after every file. */
    void ready() throws IOException {
        Files.writeString(dir.resolve("_READY"), "");
    }

    /** Where the product moves the drop once its result files are written. */
    Path done() {
        return dir.getParent().resolve(".done").resolve(dir.getFileName());
    }
}
