package io.mahaksync.scrub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a text that came from outside (Mahak's answer, a database's error, an exception's message)
 * safe to log, store in {@code last_error} or a dead letter, or show in health: every secret this
 * service knows (the Mahak password and its MD5, which the wire accepts as the password, tokens,
 * the target database password) and anything shaped like a credential is masked, control
 * characters are escaped so that the text stays on one line, and it is cut to {@link #MAX_LENGTH}.
 * Scrubbing a scrubbed text changes nothing.
 */
public final class Scrubber {

    /** The longest text kept; more would flood a log line or a column and hide the next reason. */
    public static final int MAX_LENGTH = 1000;
    static final String MASK = "***";

    // Secrets shorter than this would blank ordinary words of every message.
    private static final int MIN_SECRET_LENGTH = 4;
    private static final int TOKENS_KEPT = 16;

    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
    private static final Deque<String> TOKENS = new ArrayDeque<>();
    private static final java.util.Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static final String SECRET_NAMES = "password|passwd|pwd|pass|usertoken|token|access_?token|refresh_?token"
            + "|secret|client_?secret|api_?key|authorization";
    // "password":"…" in JSON, also when that JSON is itself quoted inside a JSON string (\"password\":\"…\")
    private static final Pattern JSON_SECRET = Pattern.compile("(?i)(\\\\?\"(?:" + SECRET_NAMES
            + ")\\\\?\"\\s*:\\s*\\\\?\")((?:[^\"\\\\]|\\\\[^\"])*)");
    // password=…, token: … in URLs, forms, JDBC URLs and header-like text
    private static final Pattern KEY_VALUE_SECRET = Pattern.compile("(?i)\\b(" + SECRET_NAMES
            + ")(\\s*[=:]\\s*)((?:bearer|basic)\\s+)?+(?!\\*\\*\\*)([^\\s&;,\"'<>]+)");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+(?!\\*\\*\\*)[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@]+):[^@\\s/]+@");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");

    private Scrubber() {
    }

    /** Remembers a configured secret (a password, its hash) so that it is masked wherever it shows up. */
    public static void registerSecret(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
            SECRETS.add(secret);
        }
    }

    /** Remembers a token handed out by Mahak; the last few are kept, older ones have expired. */
    public static void registerToken(String token) {
        if (token == null || token.length() < MIN_SECRET_LENGTH) {
            return;
        }
        synchronized (TOKENS) {
            TOKENS.remove(token);
            TOKENS.addFirst(token);
            while (TOKENS.size() > TOKENS_KEPT) {
                PATTERNS.remove(TOKENS.removeLast());
            }
        }
    }

    /** The text without secrets, on one line, at most {@link #MAX_LENGTH} characters; null stays null. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        // A huge answer is cut before the patterns run; the final cut below keeps far less anyway.
        String s = text.length() > 16 * MAX_LENGTH ? text.substring(0, 16 * MAX_LENGTH) : text;
        for (String secret : knownSecrets()) {
            s = replaceIgnoringCase(s, secret);
        }
        s = JSON_SECRET.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        s = KEY_VALUE_SECRET.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2)
                + (m.group(3) == null ? "" : m.group(3)) + MASK));
        s = BEARER.matcher(s).replaceAll("$1 " + MASK);
        s = URL_USER_INFO.matcher(s).replaceAll("$1:" + MASK + "@");
        s = JWT.matcher(s).replaceAll(MASK);
        return cut(oneLine(s), MAX_LENGTH);
    }

    /**
     * The text with every control character escaped ({@code \n}, {@code \0}, {@code \u001b}, …), so
     * that a value or field name from outside can neither end a log line nor forge the next one.
     * For names and short texts that hold no secret; use {@link #scrub} for anything else.
     */
    public static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(c);
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\0' -> "\\0";
            default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c) : null;
        };
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        String tail = " …(cut, " + s.length() + " characters)";
        int end = max - tail.length();
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + tail;
    }

    private static List<String> knownSecrets() {
        List<String> all = new java.util.ArrayList<>(SECRETS);
        synchronized (TOKENS) {
            all.addAll(TOKENS);
        }
        // Longest first, so that a secret containing another is masked whole.
        all.sort((a, b) -> b.length() - a.length());
        return all;
    }

    private static String replaceIgnoringCase(String text, String secret) {
        if (text.length() < secret.length()) {
            return text;
        }
        // Case does not matter: an MD5 travels in lower case, an echo may print it in upper case.
        Pattern p = PATTERNS.computeIfAbsent(secret, k -> Pattern.compile(Pattern.quote(k), Pattern.CASE_INSENSITIVE));
        return p.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }
}
