package io.mahaksync.simulator.seed;

import static io.mahaksync.simulator.seed.PersianWords.digits;
import static io.mahaksync.simulator.seed.PersianWords.pick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Generates the fields of seeded records. A row's content is a pure function of (seed, entity, id), so
 * the store keeps only the key columns of a million seeded rows and this class rebuilds each row when it is
 * read: the same seed always gives the same data, and memory stays small.
 * References point at rows that exist under the same plan (orders at people and visitors, order details at
 * orders and product details, junction rows at visitors and people / product details: junction row n links
 * person / product detail n, to the Login visitor for the first share of them, see {@link SeedPlan}).
 */
public final class SeedDataGenerator {

    /** Seeded rows' Mahak codes are their ids plus this, so ids and codes never coincide by accident. */
    public static final int CODE_OFFSET = 1000;
    private static final LocalDateTime FIRST_ORDER_DATE = LocalDateTime.of(2024, 3, 20, 8, 0);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final SeedPlan plan;

    public SeedDataGenerator(SeedPlan plan) {
        this.plan = plan;
    }

    public SeedPlan plan() {
        return plan;
    }

    public static int codeOf(int id) {
        return id + CODE_OFFSET;
    }

    /** The row's fields as camelCase contract JSON, without id, code, row version and deleted. */
    public ObjectNode generate(String entity, int id) {
        SplittableRandom r = random(entity, id, 0);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        switch (entity) {
            case "units" -> {
                n.put("name", PersianWords.UNITS[(id - 1) % PersianWords.UNITS.length]);
                n.put("comment", "");
            }
            case "bankGroups" -> {
                n.put("name", "بانک‌های " + (id == 1 ? "اصلی" : "گروه " + id));
                n.put("comment", "");
            }
            case "banks" -> {
                String bank = pick(r, PersianWords.BANKS);
                n.put("bankGroupId", ref(r, "bankGroups"));
                n.put("name", bank);
                n.put("bankName", "بانک " + bank + " شعبه " + pick(r, PersianWords.STREETS));
                n.put("branch", pick(r, PersianWords.STREETS));
                n.put("accountNumber", digits(r, 13));
                n.put("cardNumber", "6037" + digits(r, 12));
                n.put("shaba", "IR" + digits(r, 24));
                n.put("description", "");
            }
            case "cashes" -> {
                n.put("name", "صندوق " + id);
                n.put("mogodi", money(r, 1_000_000, 500_000_000));
                n.put("avalDore", money(r, 0, 100_000_000));
                n.put("currCode", 1);
                n.put("currRate", 1.0);
                n.put("description", "");
            }
            case "stores" -> {
                n.put("name", PersianWords.STORES[(id - 1) % PersianWords.STORES.length] + (id > 4 ? " " + id : ""));
                n.put("stock", (double) r.nextInt(10_000));
                n.put("comment", "");
            }
            case "personGroups" -> {
                n.put("name", PersianWords.PERSON_GROUPS[(id - 1) % PersianWords.PERSON_GROUPS.length]);
                n.put("discountPercent", (double) r.nextInt(4) * 2.5);
                n.put("sellPriceLevel", 1 + r.nextInt(3));
            }
            case "people" -> person(r, n);
            case "productCategories" -> {
                n.put("name", PersianWords.CATEGORIES[(id - 1) % PersianWords.CATEGORIES.length]);
                n.put("color", String.format("#%06x", r.nextInt(0x1000000)));
            }
            case "products" -> {
                n.put("productCategoryId", ref(r, "productCategories"));
                n.put("name", pick(r, PersianWords.PRODUCTS) + " " + pick(r, PersianWords.SIZES));
                n.put("unitName", pick(r, PersianWords.UNITS));
                n.put("unitRatio", 1.0);
                n.put("taxPercent", 9.0);
                n.put("chargePercent", 1.0);
                n.put("weight", (double) (100 + r.nextInt(5000)));
                n.put("type", 1);
                n.put("description", "");
            }
            case "productDetails" -> {
                double price = price(id);
                n.put("productId", productOfDetail(id));
                n.put("barcode", "626" + digits(r, 10));
                n.put("price1", price);
                n.put("price2", Math.round(price * 0.95 / 1000) * 1000.0);
                n.put("price3", Math.round(price * 0.9 / 1000) * 1000.0);
                n.put("customerPrice", Math.round(price * 1.1 / 1000) * 1000.0);
                n.put("discount", 0.0);
                n.put("defaultSellPriceLevel", 1);
            }
            case "visitors" -> {
                n.put("name", pick(r, PersianWords.FIRST_NAMES) + " " + pick(r, PersianWords.LAST_NAMES));
                n.put("username", "visitor" + id);
                n.put("visitorType", 1);
                n.put("isActive", true);
            }
            case "visitorPeople" -> {
                n.put("personId", id); // as in field()
                n.put("visitorId", junctionVisitor("visitorPeople", id));
            }
            case "visitorProducts" -> {
                int detail = id; // as in field()
                n.put("productDetailId", detail);
                n.put("visitorId", junctionVisitor("visitorProducts", id));
                n.put("count1", (double) r.nextInt(500));
                n.put("price", price(detail));
            }
            case "orders" -> {
                n.put("personId", ref(r, "people"));
                n.put("visitorId", ref(r, "visitors"));
                n.put("orderType", 201);
                n.put("orderDate", FIRST_ORDER_DATE.plusMinutes(id * 37L % 525_600).format(DATE_TIME));
                n.put("discount", (double) r.nextInt(3) * 50_000);
                n.put("sendCost", (double) r.nextInt(5) * 100_000);
                n.put("settlementType", 1 + r.nextInt(3));
                n.put("immediate", false);
                n.put("description", pick(r, PersianWords.ORDER_NOTES));
            }
            case "orderDetails" -> {
                int detail = ref(r, "productDetails");
                n.put("orderId", ((id - 1) % plan.count("orders")) + 1);
                n.put("itemType", 1);
                n.put("productDetailId", detail);
                n.put("price", price(detail));
                n.put("count1", (double) (1 + r.nextInt(24)));
                n.put("discount", 0.0);
                n.put("taxPercent", 9.0);
                n.put("chargePercent", 1.0);
                n.put("rowId", 1 + (id - 1) / plan.count("orders"));
            }
            default -> n.put("name", entity + " " + id);
        }
        return n;
    }

    /**
     * One field of a seeded row, what {@code generate(entity, id).get(field)} answers (null when the row has no such
     * field). The links that decide what a visitor sees are computed alone, without the rest of the row: the visitor
     * scope reads them from every junction row and product detail.
     */
    public JsonNode field(String entity, int id, String field) {
        switch (entity + "." + field) {
            case "productDetails.productId":
                return IntNode.valueOf(productOfDetail(id));
            case "visitorPeople.personId", "visitorProducts.productDetailId":
                return IntNode.valueOf(id);
            case "visitorPeople.visitorId", "visitorProducts.visitorId":
                return IntNode.valueOf(junctionVisitor(entity, id));
            default:
                return generate(entity, id).get(field);
        }
    }

    /** The product a seeded product detail belongs to. */
    private int productOfDetail(int id) {
        return ((id - 1) % plan.count("products")) + 1;
    }

    private void person(SplittableRandom r, ObjectNode n) {
        String[] place = PersianWords.PROVINCE_CITY[r.nextInt(PersianWords.PROVINCE_CITY.length)];
        int gender = r.nextInt(2);
        n.put("personGroupId", ref(r, "personGroups"));
        n.put("personType", 1);
        n.put("prifix", gender == 0 ? "آقای" : "خانم");
        n.put("firstName", pick(r, PersianWords.FIRST_NAMES));
        n.put("lastName", pick(r, PersianWords.LAST_NAMES));
        n.put("gender", gender);
        n.put("nationalCode", digits(r, 10));
        n.put("credit", money(r, 0, 200_000_000));
        n.put("balance", money(r, -50_000_000, 50_000_000));
        n.put("state", place[0]);
        n.put("city", place[1]);
        n.put("address", place[1] + "، " + pick(r, PersianWords.STREETS) + "، کوچه " + (1 + r.nextInt(40))
                + "، پلاک " + (1 + r.nextInt(200)));
        n.put("phone", "021" + digits(r, 8));
        n.put("mobile", "09" + (1 + r.nextInt(3)) + digits(r, 8));
        n.put("postalCode", digits(r, 10));
        n.put("latitude", 35.6 + r.nextDouble() * 0.2);
        n.put("longitude", 51.3 + r.nextDouble() * 0.2);
        n.put("sellPriceLevel", 1);
    }

    /** Junction row {@code id} (one per person / product detail) assigns to the Login visitor up to its share. */
    private int junctionVisitor(String entity, int id) {
        return id <= plan.assignedToVisitor(plan.count(entity)) ? plan.visitorId() : plan.otherVisitorId();
    }

    /** A product detail's list price (rials, whole thousands); order details and visitor rows reuse it. */
    private double price(int productDetailId) {
        SplittableRandom r = random("productDetails", productDetailId, 2);
        return (10 + r.nextInt(2000)) * 1000.0;
    }

    /** The id of a random existing parent row, or null when the plan has none of that entity. */
    private Integer ref(SplittableRandom r, String parent) {
        int count = plan.count(parent);
        return count == 0 ? null : 1 + r.nextInt(count);
    }

    private static double money(SplittableRandom r, long min, long max) {
        return (min + (long) (r.nextDouble() * (max - min))) / 1000 * 1000.0;
    }

    private SplittableRandom random(String entity, int id, int stream) {
        long mixed = plan.seed() * 0x9E3779B97F4A7C15L + entity.hashCode() * 0xC2B2AE3D27D4EB4FL
                + id * 0x165667B19E3779F9L + stream;
        return new SplittableRandom(mixed);
    }
}
