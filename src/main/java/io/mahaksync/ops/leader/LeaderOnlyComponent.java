package io.mahaksync.ops.leader;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.cluster.ClusterServiceHelper;
import org.apache.camel.util.StringHelper;

/**
 * The {@code master:} component of the product: {@code master:<namespace>:<endpoint>} consumes
 * from {@code <endpoint>} only while this instance leads {@code <namespace>} in the cluster service
 * chosen by {@code mahak.leader.mode}. Same URIs as Camel's camel-master, whose consumer parks the
 * thread that brings leadership for 5 s per route (three routes took 15 s to start); this one
 * starts the wrapped consumer the moment leadership arrives and stops it the moment it goes.
 */
public class LeaderOnlyComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String namespace = StringHelper.before(remaining, ":");
        String delegateUri = StringHelper.after(remaining, ":");
        if (namespace == null || namespace.isBlank() || delegateUri == null || delegateUri.isBlank()) {
            throw new IllegalArgumentException("Expected master:<namespace>:<endpoint uri>, got " + uri);
        }
        // Parameters belong to the wrapped endpoint (master:mahak:timer:x?period=5 is timer:x?period=5).
        String query = StringHelper.after(uri, "?");
        if (query != null && !parameters.isEmpty()) {
            delegateUri = delegateUri + "?" + query;
        }
        parameters.clear();
        CamelClusterService service = ClusterServiceHelper.mandatoryLookupService(getCamelContext());
        return new LeaderOnlyEndpoint(uri, this, service, namespace, getCamelContext().getEndpoint(delegateUri));
    }
}
