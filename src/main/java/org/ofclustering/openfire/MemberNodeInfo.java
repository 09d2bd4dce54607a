package org.ofclustering.openfire;

import org.jivesoftware.openfire.cluster.ClusterNodeInfo;
import org.jivesoftware.openfire.cluster.NodeID;
import org.ofclustering.membership.MemberInfo;

import java.nio.charset.StandardCharsets;

/** One member as Openfire's clustering page and core see it. */
final class MemberNodeInfo implements ClusterNodeInfo {
    private final MemberInfo member;
    private final boolean senior;

    MemberNodeInfo(MemberInfo member, boolean senior) {
        this.member = member;
        this.senior = senior;
    }

    @Override
    public String getHostName() {
        return member.hostName();
    }

    @Override
    public NodeID getNodeID() {
        return NodeID.getInstance(member.nodeId().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public long getJoinedTime() {
        return member.joinedAt();
    }

    @Override
    public boolean isSeniorMember() {
        return senior;
    }
}
