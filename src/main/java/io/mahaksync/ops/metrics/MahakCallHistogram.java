package io.mahaksync.ops.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Histogram buckets for Mahak call latency, so that dashboards can show percentiles per endpoint. */
public class MahakCallHistogram {

    @Produces
    @Singleton
    MeterFilter mahakCallBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("mahak.client.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000),
                                ms(10000), ms(30000), ms(60000), ms(120000))
                        .build().merge(config);
            }
        };
    }

    private static double ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
