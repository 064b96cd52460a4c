package io.mahaksync.client;

import io.mahaksync.scrub.Scrubber;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code mahak.*} connection settings, checked once at start-up. */
@Singleton
public class MahakSettings {

    private final URI baseUrl;
    private final String username;
    private final String password;
    private final int databaseId;
    private final String packageNo;
    private final boolean hashPassword;
    private final String apiVersion;
    private final Duration tokenLifetime;
    private final Duration tokenRenewBefore;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final String insecureUrlProblem;
    private final VisitorSource visitorSource;
    private final Long visitorId;

    /** Where the {@code currentVisitorId} sent with GetAllData comes from ({@code mahak.visitor-id}). */
    public enum VisitorSource {
        /** The VisitorId of the Login answer (the setting is empty). */
        LOGIN,
        /** The number given in the setting. */
        SETTING,
        /** Not sent at all ({@code none}). */
        NONE
    }

    public MahakSettings(
            @ConfigProperty(name = "mahak.base-url") String baseUrl,
            @ConfigProperty(name = "mahak.username") String username,
            @ConfigProperty(name = "mahak.password") String password,
            @ConfigProperty(name = "mahak.database-id") int databaseId,
            @ConfigProperty(name = "mahak.package-no") Optional<String> packageNo,
            @ConfigProperty(name = "mahak.password-hash", defaultValue = "md5") String passwordHash,
            @ConfigProperty(name = "mahak.api-version", defaultValue = "V1") String apiVersion,
            @ConfigProperty(name = "mahak.token-lifetime", defaultValue = "PT20M") Duration tokenLifetime,
            @ConfigProperty(name = "mahak.token-renew-before", defaultValue = "PT30S") Duration tokenRenewBefore,
            @ConfigProperty(name = "mahak.allow-insecure-http", defaultValue = "false") boolean allowInsecureHttp,
            @ConfigProperty(name = "mahak.connect-timeout", defaultValue = "PT10S") Duration connectTimeout,
            @ConfigProperty(name = "mahak.read-timeout", defaultValue = "PT120S") Duration readTimeout,
            @ConfigProperty(name = "mahak.visitor-id") Optional<String> visitorId,
            @ConfigProperty(name = "mahak.hash-password") Optional<String> renamedHashPassword,
            @ConfigProperty(name = "mahak.rate-limit", defaultValue = "0") String rateLimit) {
        String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.baseUrl = URI.create(trimmed);
        this.username = username;
        this.password = password;
        // The MD5 is what the wire accepts as the password: it is as secret as the password itself.
        Scrubber.registerSecret(password);
        if (password != null) {
            Scrubber.registerSecret(TokenManager.md5Hex(password));
        }
        this.databaseId = databaseId;
        this.packageNo = packageNo.filter(s -> !s.isBlank()).orElse(null);
        if (renamedHashPassword.isPresent()) {
            // a renamed setting that were silently ignored would send the password in the wrong form
            throw new IllegalArgumentException("mahak.hash-password was renamed: set mahak.password-hash=md5 "
                    + "(instead of true) or mahak.password-hash=plain (instead of false)");
        }
        String hash = passwordHash.trim().toLowerCase(Locale.ROOT);
        if (!hash.equals("md5") && !hash.equals("plain")) {
            throw new IllegalArgumentException("mahak.password-hash must be md5 or plain, got '" + passwordHash + "'");
        }
        this.hashPassword = hash.equals("md5");
        this.apiVersion = apiVersion.trim().toUpperCase(Locale.ROOT);
        if (!this.apiVersion.equals("V1") && !this.apiVersion.equals("V2")) {
            throw new IllegalArgumentException("mahak.api-version must be V1 or V2, got '" + apiVersion + "'");
        }
        String visitor = visitorId.map(String::trim).orElse("");
        if (visitor.isEmpty()) {
            this.visitorSource = VisitorSource.LOGIN;
            this.visitorId = null;
        } else if (visitor.equalsIgnoreCase("none")) {
            this.visitorSource = VisitorSource.NONE;
            this.visitorId = null;
        } else if (visitor.matches("[0-9]{1,18}")) {
            this.visitorSource = VisitorSource.SETTING;
            this.visitorId = Long.parseLong(visitor);
        } else {
            throw new IllegalArgumentException("mahak.visitor-id must be empty (the VisitorId of Login), a number, "
                    + "or none, got '" + visitor + "'");
        }
        this.tokenLifetime = tokenLifetime;
        this.tokenRenewBefore = tokenRenewBefore;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.insecureUrlProblem = checkScheme(this.baseUrl, allowInsecureHttp);
        // the route's throttle reads the setting itself; "00" would pass as a limit of nothing at all
        if (!rateLimit.matches("0|[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("mahak.rate-limit must be 0 (no limit) or a whole number of requests "
                    + "per second, got '" + rateLimit + "'");
        }
    }

    /**
     * Why the base URL may not be used, or null when it may. Plain http would send the password
     * hash and the token in clear text, so it is only accepted for loopback hosts or when allowed.
     */
    static String checkScheme(URI url, boolean allowInsecureHttp) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (scheme.equals("https")) {
            return null;
        }
        if (!scheme.equals("http")) {
            return "mahak.base-url must be an https URL, got scheme '" + scheme + "'";
        }
        if (allowInsecureHttp || isLoopback(url.getHost())) {
            return null;
        }
        return "mahak.base-url uses plain http to a non-loopback host (" + url.getHost()
                + "); use https, or set mahak.allow-insecure-http=true if you really mean it";
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: resolving a name here would let DNS decide what is "local".
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The URI of a Sync endpoint, e.g. {@code endpoint("GetAllData")} is .../Sync/GetAllData on V1, ...V2 on V2. */
    public URI syncEndpoint(String operation) {
        return URI.create(baseUrl + "/Sync/" + versioned(operation));
    }

    /** The endpoint's name with the configured version suffix (LoginV2, GetAllDataV2, ...). */
    public String versioned(String operation) {
        boolean hasV2 = operation.equals("Login") || operation.equals("GetAllData") || operation.equals("SaveAllData");
        return hasV2 && apiVersion.equals("V2") ? operation + "V2" : operation;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    public int databaseId() {
        return databaseId;
    }

    public String packageNo() {
        return packageNo;
    }

    /** Whether the password goes as its lowercase hex MD5 ({@code mahak.password-hash=md5}) or as typed. */
    public boolean hashPassword() {
        return hashPassword;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public VisitorSource visitorSource() {
        return visitorSource;
    }

    /** The visitor given in {@code mahak.visitor-id}, when it names one. */
    public Optional<Long> configuredVisitorId() {
        return Optional.ofNullable(visitorId);
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    public Duration tokenRenewBefore() {
        return tokenRenewBefore;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Optional<String> insecureUrlProblem() {
        return Optional.ofNullable(insecureUrlProblem);
    }
}
