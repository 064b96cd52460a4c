package io.mahaksync.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahaksync.catalog.EntityCatalog;
import io.mahaksync.catalog.EntityDef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV reader, the catalog validation and the grouping of related records, without Quarkus. */
class PushCsvValidationTest {

    static final EntityCatalog CATALOG = new EntityCatalog();
    final RecordValidator validator = new RecordValidator(CATALOG);

    static List<List<String>> read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<List<String>> read(byte[] bytes) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new ByteArrayInputStream(bytes))) {
            List<String> cells;
            while ((cells = r.next()) != null) {
                out.add(cells);
            }
        }
        return out;
    }

    @Test
    void readsQuotedCellsBomPersianAndCrLf() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "personClientId,firstName,description\r\n1,علی,\"گفت \"\"سلام\"\", و رفت\"\r\n\r\n2,\"رضا\",\"two\nlines\"\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        List<List<String>> rows = read(all);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly("personClientId", "firstName", "description");
        assertThat(rows.get(1)).containsExactly("1", "علی", "گفت \"سلام\", و رفت");
        assertThat(rows.get(2)).containsExactly("2", "رضا", "two\nlines");
    }

    @Test
    void recordNumbersCountTheHeaderAsOne() throws IOException {
        try (CsvReader r = new CsvReader(new ByteArrayInputStream("a,b\n1,2\n\n3,4\n".getBytes(StandardCharsets.UTF_8)))) {
            r.next();
            assertThat(r.recordNumber()).isEqualTo(1);
            r.next();
            assertThat(r.recordNumber()).isEqualTo(2);
            assertThat(r.next()).containsExactly("3", "4");
            assertThat(r.recordNumber()).isEqualTo(4);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void rejectsAnUnclosedQuoteAndBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> read("a,b\n1,\"open\n")).isInstanceOf(IOException.class).hasMessageContaining("not closed");
        assertThatThrownBy(() -> read(new byte[] {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'})).isInstanceOf(IOException.class);
    }

    @Test
    void aRowInTheWrongEncodingOrWithAnUnclosedQuoteIsReportedAloneAndReadingGoesOn() throws IOException {
        byte[] ansi = "علی".getBytes(java.nio.charset.Charset.forName("windows-1256"));
        byte[] head = "id,name\r\n1,\"open\r\n2,ok\r\n3,".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\r\n4,رضا\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + ansi.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(ansi, 0, all, head.length, ansi.length);
        System.arraycopy(tail, 0, all, head.length + ansi.length, tail.length);
        List<String> seen = new ArrayList<>();
        try (CsvReader r = new CsvReader(new ByteArrayInputStream(all))) {
            while (true) {
                try {
                    List<String> cells = r.next();
                    if (cells == null) {
                        break;
                    }
                    seen.add(r.recordNumber() + ":" + String.join("|", cells));
                } catch (CsvReader.BadRecord e) {
                    seen.add(e.record() + ":" + (e.getMessage().contains("not closed") ? "unclosed"
                            : e.getMessage().contains("not UTF-8") ? "encoding" : e.getMessage()));
                }
            }
        }
        assertThat(seen).containsExactly("1:id|name", "2:unclosed", "3:2|ok", "4:encoding", "5:4|رضا");
    }

    @Test
    void aStrayQuoteThatPairsWithALaterRowsQuoteDoesNotGlueRowsTogether() throws IOException {
        String text = "id,name,city\n1,\"علی,تهران\n2,\"رضا، آقا\",شیراز\n3,\"a \"\"b\"\"\" ,x\n";
        List<String> seen = new ArrayList<>();
        try (CsvReader r = new CsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            while (true) {
                try {
                    List<String> cells = r.next();
                    if (cells == null) {
                        break;
                    }
                    seen.add(r.recordNumber() + ":" + String.join("|", cells));
                } catch (CsvReader.BadRecord e) {
                    seen.add(e.record() + ":" + (e.getMessage().contains("broken quoting") ? "broken" : e.getMessage()));
                }
            }
        }
        assertThat(seen).containsExactly("1:id|name|city", "2:broken", "3:2|رضا، آقا|شیراز", "4:3|a \"b\" |x");
    }

    @Test
    void writesCellsThatNeedQuoting() {
        assertThat(CsvReader.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvReader.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvReader.cell(null)).isEmpty();
        assertThat(CsvReader.cell(12L)).isEqualTo("12");
    }

    @Test
    void validRowBecomesTypedContractJson() {
        EntityDef orders = validator.pushable("orders");
        RecordValidator.Outcome o = validator.validateCells(orders,
                List.of("ORDERCLIENTID", "orderDate", "immediate", "discount", "description", "personId"),
                List.of("501", "2024-03-01", "1", "12.50", "سفارش تست", ""));
        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(o.valid().clientId()).isEqualTo(501);
        assertThat(o.valid().payload().toString()).isEqualTo(
                "{\"orderClientId\":501,\"orderDate\":\"2024-03-01T00:00:00\",\"immediate\":true,\"discount\":12.50,"
                        + "\"description\":\"سفارش تست\"}");
    }

    @Test
    void invalidRowListsEveryReason() {
        EntityDef people = validator.pushable("people");
        RecordValidator.Outcome o = validator.validateCells(people,
                List.of("personClientId", "firstName", "credit", "deleted", "birthDate", "shoeSize"),
                List.of("", "x", "lots", "maybe", "31/12/2020", "42"));
        assertThat(o.ok()).isFalse();
        assertThat(o.error()).contains("unknown field 'shoeSize'", "credit: 'lots' is not a valid double",
                "deleted: 'maybe' is not true/false/1/0", "birthDate: '31/12/2020' is not an ISO-8601",
                "personClientId is required");
    }

    @Test
    void outboxJsonIsValidatedAndTheClientIdColumnFillsIn() throws Exception {
        EntityDef people = validator.pushable("people");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"FirstName\":\"مریم\",\"credit\":\"10\"}");
        RecordValidator.Outcome o = validator.validateJson(people, json, 77L);
        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(o.valid().payload().toString()).isEqualTo("{\"firstName\":\"مریم\",\"credit\":10,\"personClientId\":77}");
        assertThat(validator.validateJson(people, json, null).error()).contains("personClientId is required");
    }

    @Test
    void entitiesWithoutSaveOrClientIdCannotBePushed() {
        assertThatThrownBy(() -> validator.pushable("regions")).hasMessageContaining("cannot be sent");
        assertThatThrownBy(() -> validator.pushable("visitorPeople")).hasMessageContaining("no client id");
        assertThatThrownBy(() -> validator.pushable("nonsense")).hasMessageContaining("unknown entity");
    }

    @Test
    void detailsJoinTheirOrdersGroupAndPeopleGoBeforeOrders() {
        PushSettings settings = new PushSettings("inbox", 10, java.time.Duration.ZERO, "server-wins", 3,
                java.time.Duration.ZERO, 100, "orderDetails.orderClientId>orders");
        PushRelations relations = new PushRelations(CATALOG, settings);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var detail = mapper.createObjectNode().put("orderDetailClientId", 9).put("orderClientId", 5);
        PushRelations.Placement p = relations.place(CATALOG.get("orderDetails"), 9, detail);
        assertThat(p.groupKey()).isEqualTo("orders:5");
        assertThat(relations.place(CATALOG.get("orders"), 5, mapper.createObjectNode()).groupKey()).isEqualTo("orders:5");
        assertThat(relations.rank(CATALOG.get("people"))).isLessThan(relations.rank(CATALOG.get("orders")));
        assertThat(p.rank()).isEqualTo(relations.rank(CATALOG.get("orders")));
    }

    @Test
    void settingsRejectAnUnknownPolicyAndABadTogetherSpec() {
        assertThatThrownBy(() -> new PushSettings("i", 1, java.time.Duration.ZERO, "maybe", 1, java.time.Duration.ZERO,
                1, "")).hasMessageContaining("server-wins or client-wins");
        assertThatThrownBy(() -> PushSettings.parseTogether("orderDetails>orders")).hasMessageContaining("is not");
    }
}
