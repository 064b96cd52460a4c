package io.mahaksync;

import io.mahaksync.scrub.Scrubber;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code mahak.run-once=true}: one full cycle (every enabled entity caught up, then whatever push
 * work is ready), then exit 0; on failure exit 1 with the reason in the last log line. For cron
 * and Kubernetes CronJobs.
 */
@Singleton
public class RunOnce {

    private static final Logger LOG = Logger.getLogger(RunOnce.class);

    /** Camel's auto-startup exclusion: every route whose endpoint URI starts with master: */
    static final String LEADER_ONLY_ROUTES = "master:*";

    private final boolean runOnce;
    private final boolean pullEnabled;
    private final CamelContext camel;
    private final StopSignal stopSignal;

    RunOnce(@ConfigProperty(name = "mahak.run-once", defaultValue = "false") boolean runOnce,
            @ConfigProperty(name = "mahak.pull.enabled", defaultValue = "true") boolean pullEnabled,
            CamelContext camel, StopSignal stopSignal) {
        this.runOnce = runOnce;
        this.stopSignal = stopSignal;
        this.pullEnabled = pullEnabled;
        this.camel = camel;
    }

    /**
     * A run-once job drives its single cycle itself: the leader-only pollers (every route from
     * {@code master:}: the pull timer, the inbox, the outbox timer) are not started, so none of
     * them can hold up the exit with work of its own.
     */
    void withoutPollers(@Observes BeforeStart event) {
        if (runOnce) {
            event.getCamelContext().setAutoStartupExcludePattern(LEADER_ONLY_ROUTES);
        }
    }

    void start(@Observes StartupEvent event) {
        if (runOnce) {
            Thread worker = new Thread(this::runAndExit, "mahak-run-once");
            worker.start();
        }
    }

    private void runAndExit() {
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            awaitCamel();
            if (pullEnabled) {
                producer.requestBody("direct:pull-now", (Object) null);
            }
            if (hasRoute("direct://push-run-once")) {
                producer.requestBody("direct:push-run-once", (Object) null);
            }
            LOG.info("Run once: cycle complete, exiting with 0");
            Quarkus.asyncExit(0);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = Scrubber.scrub(cause.getMessage());
            if (stopSignal.stopping()) {
                // stopped from outside (SIGTERM): the JVM is exiting already, with its own code
                LOG.warnf("Run once stopped before its cycle completed: %s", reason);
                return;
            }
            LOG.errorf("Run once failed, exiting with 1: %s", reason);
            // Quarkus logs its own shutdown lines after this; the JVM's exit hooks run after those,
            // so the reason is repeated there to be the very last line cron or Kubernetes shows.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> lastWord("Run once failed: " + reason)));
            Quarkus.asyncExit(1);
        }
    }

    private static void lastWord(String message) {
        System.err.println(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"))
                + " ERROR [io.mahaksync.RunOnce] (shutdown) " + message);
        System.err.flush();
    }

    private boolean hasRoute(String fromUri) {
        return camel.getRoutes().stream().anyMatch(r -> r.getEndpoint().getEndpointUri().equals(fromUri));
    }

    private void awaitCamel() throws InterruptedException {
        for (int i = 0; i < 600 && !camel.isStarted(); i++) {
            Thread.sleep(100);
        }
    }
}
