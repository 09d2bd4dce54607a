package org.ofclustering.testsupport;

import org.ofclustering.membership.ClusterView;
import org.ofclustering.membership.MemberInfo;
import org.ofclustering.membership.MembershipListener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Membership kept in memory and changed by the test: the nodes of one test cluster, each with
 * its own {@link ClusterView}. A departure is announced to every remaining node's listeners, as the
 * membership service does.
 */
public final class InMemoryCluster {
    private final Map<String, MemberInfo> members = new ConcurrentHashMap<>();
    private final Map<String, View> views = new ConcurrentHashMap<>();
    private final AtomicLong joinOrder = new AtomicLong();

    /** Adds a member (no listener is told: tests add every member before starting transports). */
    public MemberInfo add(String nodeId) {
        return add(nodeId, null, 0);
    }

    /** Adds a member with a file-transfer bridge endpoint. */
    public MemberInfo add(String nodeId, String bridgeHost, int bridgePort) {
        MemberInfo m = new MemberInfo(nodeId, "localhost", joinOrder.incrementAndGet(), System.currentTimeMillis(),
                bridgeHost, bridgePort, "test");
        members.put(nodeId, m);
        return m;
    }

    /** Removes a member and tells every other view. */
    public void remove(String nodeId, boolean crashed) {
        MemberInfo m = members.remove(nodeId);
        if (m == null) {
            return;
        }
        for (View v : views.values()) {
            if (!v.localNodeId.equals(nodeId)) {
                for (MembershipListener l : v.listeners) {
                    l.memberLeft(m, crashed);
                }
            }
        }
    }

    /** The view of the given node (created on first use). */
    public ClusterView view(String localNodeId) {
        return views.computeIfAbsent(localNodeId, View::new);
    }

    private final class View implements ClusterView {
        private final String localNodeId;
        private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();

        View(String localNodeId) {
            this.localNodeId = localNodeId;
        }

        @Override
        public String localNodeId() {
            return localNodeId;
        }

        @Override
        public Collection<MemberInfo> members() {
            List<MemberInfo> list = new ArrayList<>(members.values());
            list.sort((a, b) -> Long.compare(a.joinOrder(), b.joinOrder()));
            return list;
        }

        @Override
        public Optional<MemberInfo> member(String nodeId) {
            return Optional.ofNullable(members.get(nodeId));
        }

        @Override
        public void addListener(MembershipListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(MembershipListener listener) {
            listeners.remove(listener);
        }
    }
}
