package io.mahaksync.push;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code mahak.push.*} settings (documented in application.properties, Push section). */
@Singleton
public class PushSettings {

    public static final String SERVER_WINS = "server-wins";
    public static final String CLIENT_WINS = "client-wins";

    private final Path inbox;
    private final int batchSize;
    private final Duration batchWait;
    private final int maxAttempts;
    private final Duration orphanGrace;
    private final int reconcilePageSize;
    private final Map<String, Together> together;
    private volatile String conflictPolicy;

    /** A child entity that travels in the same request as its parent, linked by {@code field}. */
    public record Together(String child, String field, String parent) {
    }

    PushSettings(@ConfigProperty(name = "mahak.push.inbox", defaultValue = "./data/inbox") String inbox,
            @ConfigProperty(name = "mahak.push.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "mahak.push.batch-wait", defaultValue = "PT2S") Duration batchWait,
            @ConfigProperty(name = "mahak.push.conflict-policy", defaultValue = SERVER_WINS) String conflictPolicy,
            @ConfigProperty(name = "mahak.push.max-attempts", defaultValue = "5") int maxAttempts,
            @ConfigProperty(name = "mahak.push.orphan-grace", defaultValue = "PT5M") Duration orphanGrace,
            @ConfigProperty(name = "mahak.push.reconcile-page-size", defaultValue = "1000") int reconcilePageSize,
            @ConfigProperty(name = "mahak.push.together",
                    defaultValue = "orderDetails.orderClientId>orders") String together) {
        this.inbox = Path.of(inbox);
        this.batchSize = Math.max(1, batchSize);
        this.batchWait = batchWait;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.orphanGrace = orphanGrace;
        this.reconcilePageSize = Math.max(1, reconcilePageSize);
        this.together = parseTogether(together);
        setConflictPolicy(conflictPolicy);
    }

    static Map<String, Together> parseTogether(String spec) {
        Map<String, Together> map = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return map;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            int dot = p.indexOf('.');
            int gt = p.indexOf('>');
            if (dot < 1 || gt < dot + 2 || gt == p.length() - 1) {
                throw new IllegalArgumentException("mahak.push.together: '" + p
                        + "' is not <childEntity>.<parentClientIdField>><parentEntity>");
            }
            Together t = new Together(p.substring(0, dot), p.substring(dot + 1, gt), p.substring(gt + 1));
            map.put(t.child().toLowerCase(Locale.ROOT), t);
        }
        return map;
    }

    public Path inbox() {
        return inbox;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration batchWait() {
        return batchWait;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration orphanGrace() {
        return orphanGrace;
    }

    public int reconcilePageSize() {
        return reconcilePageSize;
    }

    /** The parent an entity travels with, if any. */
    public Together togetherWith(String entity) {
        return together.get(entity.toLowerCase(Locale.ROOT));
    }

    public String conflictPolicy() {
        return conflictPolicy;
    }

    /** Changes the conflict policy at run time (admin API, tests); the configured value is the default. */
    public void setConflictPolicy(String policy) {
        String p = policy == null ? "" : policy.trim().toLowerCase(Locale.ROOT);
        if (!p.equals(SERVER_WINS) && !p.equals(CLIENT_WINS)) {
            throw new IllegalArgumentException("mahak.push.conflict-policy must be server-wins or client-wins, got '"
                    + policy + "'");
        }
        this.conflictPolicy = p;
    }
}
