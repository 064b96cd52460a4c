package io.mahaksync.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes, from a JFR recording's execution samples: the hottest methods (top frame), the
 * hottest code areas (package of the top frame), and the project's own methods that are on the stack
 * most often (inclusive), which is where a fix would go.
 */
final class JfrSummary {

    private JfrSummary() {
    }

    /** Summarises saved recordings again: {@code JfrSummary file.jfr...}. */
    public static void main(String[] args) throws IOException {
        for (String file : args) {
            print(file, Path.of(file), 15);
        }
    }

    static void print(String title, Path recording, int top) throws IOException {
        Map<String, Integer> selfMethods = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        Map<String, Integer> ownInclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            RecordedFrame first = frames.get(0);
            String type = first.getMethod().getType().getName();
            selfMethods.merge(shortType(type) + "." + first.getMethod().getName(), 1, Integer::sum);
            areas.merge(area(type), 1, Integer::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String t = f.getMethod().getType().getName();
                if (t.startsWith("io.mahaksync.") && !t.contains("$$")) {
                    String m = shortType(t) + "." + f.getMethod().getName();
                    if (seen.add(m)) {
                        ownInclusive.merge(m, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.printf("profile %s: %d execution samples%n", title, samples);
        printTop("  hottest code areas (top frame)", areas, samples, top);
        printTop("  hottest methods (self)", selfMethods, samples, top);
        printTop("  project methods on the stack (inclusive)", ownInclusive, samples, top);
    }

    private static void printTop(String heading, Map<String, Integer> counts, int samples, int top) {
        System.out.println(heading + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }

    private static String area(String type) {
        String[] known = {"io.mahaksync.pull", "io.mahaksync.simulator", "io.mahaksync", "org.postgresql", "org.h2",
                "com.fasterxml.jackson", "io.netty", "io.vertx", "org.apache.camel", "io.agroal", "java.util.regex",
                "java.time", "java.lang", "java.util", "java.net", "sun.nio", "java.io", "jdk.internal", "sun."};
        for (String k : known) {
            if (type.startsWith(k)) {
                return k;
            }
        }
        return type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
    }

    private static String shortType(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
