package io.mahaksync;

import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;
import org.eclipse.microprofile.config.Config;

/**
 * Resolves Camel's {@code {{...}}} placeholders straight from the application's configuration, ahead of Camel's
 * own MicroProfile source, with the same values.
 * <p>
 * Why: when that source answers a placeholder, Camel (4.14) also asks it for every property of the application
 * ({@code LoadablePropertiesSource.loadProperties()}, every environment variable included) only to name where the
 * value came from; the error handler's placeholders are resolved for every step of every route, so that was about
 * half of the main thread's work at start-up. This source answers first and is not loadable, so nothing is listed;
 * Camel's source stays behind it for what needs the whole list ({@code camel.*} settings).
 */
@Singleton
@Unremovable // nothing injects it: Camel finds it in the registry when its properties component starts
public class ConfigPlaceholders implements PropertiesSource, Ordered {

    private final Config config;

    ConfigPlaceholders(Config config) {
        this.config = config;
    }

    @Override
    public String getName() {
        return "application config";
    }

    @Override
    public String getProperty(String name) {
        return config.getOptionalValue(name, String.class).orElse(null);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST;
    }
}
