package io.mahaksync;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.camel.quarkus.main.CamelMainApplication;

/**
 * Starts the service. It runs until stopped, or, with {@code mahak.run-once=true}, until its one
 * cycle is done; a failed run exits 1 and names its reason as the very last log line, after
 * Quarkus' own shutdown lines, where cron and Kubernetes show it.
 */
@QuarkusMain
public class MahakSyncMain {

    public static void main(String... args) {
        Quarkus.run(CamelMainApplication.class, (exitCode, failure) -> {
            // Quarkus has closed its log handlers by now, so the closing line goes straight to stderr.
            RunOnce.failureReason().ifPresent(reason -> lastWord("Run once failed: " + reason));
            if (failure != null) {
                lastWord("Stopped by an error: " + failure.getMessage());
            }
            System.exit(exitCode);
        }, args);
    }

    private static void lastWord(String message) {
        System.err.println(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"))
                + " ERROR [io.mahaksync] (main) " + message);
        System.err.flush();
    }
}
