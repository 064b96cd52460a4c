package io.mahaksync.simulator;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's API paths. Mahak is case-insensitive on paths ({@code /api/v3/sync/getalldatav2} works),
 * JAX-RS is not: {@link #canonical} maps any spelling to the one the resources declare.
 */
public final class ApiPaths {

    public static final String BASE = "/API/v3";
    public static final String SYNC = BASE + "/Sync";
    public static final String LOOKUP = BASE + "/Lookup";
    public static final String ADMIN = "/simulator/admin";

    private static final String BASE_LOWER = BASE.toLowerCase(Locale.ROOT) + "/";
    private static final Map<String, String> SEGMENTS = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        for (String s : new String[] {"Sync", "Lookup", "Login", "LoginV2", "GetAllData", "GetAllDataV2",
                "SaveAllData", "SaveAllDataV2", "SolveDispute", "SolveOrderDispute", "Upload", "GetProductInfo",
                "GetPersonInfo", "Get"}) {
            SEGMENTS.put(s, s);
        }
    }

    private ApiPaths() {
    }

    /** Whether a request path is under {@code /API/v3}, in any case. */
    public static boolean isApi(String path) {
        return path.length() >= BASE_LOWER.length() && path.regionMatches(true, 0, BASE_LOWER, 0, BASE_LOWER.length());
    }

    public static boolean isAdmin(String path) {
        return path.startsWith(ADMIN);
    }

    /** The path with known segments in their declared case; entity types and ids are left as sent. */
    public static String canonical(String path) {
        String[] parts = path.substring(BASE_LOWER.length()).split("/", -1);
        StringBuilder sb = new StringBuilder(BASE);
        for (int i = 0; i < parts.length; i++) {
            String known = i < 2 ? SEGMENTS.get(parts[i]) : null;
            sb.append('/').append(known != null ? known : parts[i]);
        }
        return sb.toString();
    }

    /** The endpoint's name for fault targeting: {@code GetAllDataV2}, {@code Login}, {@code Lookup/GetPersonInfo}. */
    public static String endpointName(String canonicalPath) {
        String rest = canonicalPath.length() > BASE.length() + 1 ? canonicalPath.substring(BASE.length() + 1) : "";
        return rest.startsWith("Sync/") ? rest.substring(5) : rest;
    }
}
