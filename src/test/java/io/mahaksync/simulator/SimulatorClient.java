package io.mahaksync.simulator;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/** What the simulator tests share: logging in the way Mahak clients do and reading the contract copy. */
final class SimulatorClient {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The simulator's own credentials (mahak.simulator.*), which the test profile gives the service too. */
    static final String USER = "demo";
    static final String PASSWORD_MD5 = TokenService.md5Hex("demo");
    static final int DATABASE_ID = 1;

    private SimulatorClient() {
    }

    static Response login() {
        return given().contentType("application/json")
                .body("{\"userName\":\"" + USER + "\",\"password\":\"" + PASSWORD_MD5 + "\",\"databaseId\":"
                        + DATABASE_ID + ",\"language\":\"fa\"}")
                .post("/API/v3/Sync/LoginV2");
    }

    static String token() {
        return login().then().statusCode(200).extract().path("Data.UserToken");
    }

    static RequestSpecification authed(String token) {
        return given().contentType("application/json").header("Authorization", "Bearer " + token);
    }

    static JsonNode getAllData(String token, String body) {
        return json(authed(token).body(body).post("/API/v3/Sync/GetAllDataV2").then().statusCode(200).extract()
                .asString());
    }

    static JsonNode saveAllData(String token, String body) {
        return json(authed(token).body(body).post("/API/v3/Sync/SaveAllDataV2").then().statusCode(200).extract()
                .asString());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    /** The copy of the public contract under src/test/resources. */
    static JsonNode contract() {
        try (InputStream in = SimulatorClient.class.getResourceAsStream("/contract/mahak-v3-contract.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A model's property names in PascalCase, as the wire spells them. */
    static Set<String> wireNames(String model) {
        Set<String> names = new LinkedHashSet<>();
        contract().path("definitions").path(model).path("properties").fieldNames()
                .forEachRemaining(n -> names.add(RecordJson.pascal(n)));
        if (names.isEmpty()) {
            throw new AssertionError("No model " + model + " in the contract");
        }
        return names;
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
