package org.ofclustering.bridge;

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

/**
 * A test fixture standing in for the membership service: a shared in-memory member list and one
 * {@link ClusterView} per node, telling every view's listeners when a member leaves.
 */
final class InMemoryCluster {
    private final Map<String, MemberInfo> members = new ConcurrentHashMap<>();
    private final List<View> views = new CopyOnWriteArrayList<>();
    private long joinOrder;

    synchronized void join(String nodeId, String bridgeHost, int bridgePort) {
        members.put(nodeId, new MemberInfo(nodeId, "localhost", joinOrder++, System.currentTimeMillis(),
                bridgeHost, bridgePort, "test"));
    }

    void leave(String nodeId, boolean crashed) {
        MemberInfo gone = members.remove(nodeId);
        if (gone != null) {
            for (View v : views) {
                if (!v.localNodeId.equals(nodeId)) {
                    for (MembershipListener l : v.listeners) {
                        l.memberLeft(gone, crashed);
                    }
                }
            }
        }
    }

    ClusterView view(String localNodeId) {
        View v = new View(localNodeId);
        views.add(v);
        return v;
    }

    private final class View implements ClusterView {
        final String localNodeId;
        final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();

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
