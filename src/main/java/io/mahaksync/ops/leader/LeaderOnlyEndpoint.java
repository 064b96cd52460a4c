package io.mahaksync.ops.leader;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.DefaultEndpoint;

/** {@code master:<namespace>:<endpoint>}: the wrapped endpoint, consumed only by the leader of the namespace. */
public class LeaderOnlyEndpoint extends DefaultEndpoint {

    private final CamelClusterService clusterService;
    private final String namespace;
    private final Endpoint delegate;

    LeaderOnlyEndpoint(String uri, LeaderOnlyComponent component, CamelClusterService clusterService, String namespace,
            Endpoint delegate) {
        super(uri, component);
        this.clusterService = clusterService;
        this.namespace = namespace;
        this.delegate = delegate;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        LeaderOnlyConsumer consumer = new LeaderOnlyConsumer(this, processor, clusterService, namespace, delegate);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("master: endpoints can only be consumed from: " + getEndpointUri());
    }

    @Override
    public boolean isLenientProperties() {
        return true; // every parameter belongs to the wrapped endpoint
    }

    public String namespace() {
        return namespace;
    }

    public Endpoint delegate() {
        return delegate;
    }
}
