package io.mahaksync.ops.admin;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Turns the admin API off ({@code mahak.admin.enabled=false}: every /admin path is a 404, as if it
 * did not exist) and refuses to start with the API on but no admin password set.
 */
@Singleton
public class AdminGate {

    private final boolean enabled;
    private final Optional<String> password;

    AdminGate(@ConfigProperty(name = "mahak.admin.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "mahak.admin.password") Optional<String> password) {
        this.enabled = enabled;
        this.password = password.filter(p -> !p.isBlank());
    }

    void checkOnStart(@Observes StartupEvent event) {
        problem().ifPresent(p -> {
            throw new IllegalStateException(p);
        });
    }

    /** Why the admin settings cannot start, if they cannot. */
    public Optional<String> problem() {
        return enabled && password.isEmpty()
                ? Optional.of("mahak.admin.password is not set: set it (MAHAK_ADMIN_PASSWORD, from a Secret) or turn "
                        + "the admin API off with mahak.admin.enabled=false")
                : Optional.empty();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> hideWhenDisabled(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!enabled && (path.equals("/admin") || path.startsWith("/admin/"))) {
            return Optional.of(Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "the admin API is turned off (mahak.admin.enabled=false)")).build());
        }
        return Optional.empty();
    }

    public boolean enabled() {
        return enabled;
    }
}
