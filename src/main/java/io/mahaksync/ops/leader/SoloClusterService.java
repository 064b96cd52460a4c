package io.mahaksync.ops.leader;

import java.util.List;
import java.util.Optional;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * {@code mahak.leader.mode=none}: this instance always leads. It exists so that routes can always
 * start from {@code master:...}, whatever the mode, and a single-instance install needs nothing.
 */
public class SoloClusterService extends AbstractCamelClusterService<SoloClusterService.SoloView> {

    private final String holder;

    public SoloClusterService(String holder) {
        super("mahak-solo");
        this.holder = holder;
    }

    @Override
    protected SoloView createView(String namespace) {
        return new SoloView(this, namespace, new LeaseMember(holder, true, () -> true));
    }

    /** A view of one namespace in which the local member is the leader from the start. */
    public static final class SoloView extends AbstractCamelClusterView {
        private final CamelClusterMember self;

        SoloView(SoloClusterService service, String namespace, CamelClusterMember self) {
            super(service, namespace);
            this.self = self;
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return Optional.of(self);
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return self;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(self);
        }

        @Override
        protected void doStart() {
            fireLeadershipChangedEvent(Optional.of(self));
        }

        @Override
        protected void doStop() {
        }
    }
}
