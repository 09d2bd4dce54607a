package org.ofclustering.membership;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipViewTest {
    private static MemberInfo m(String id, long order, String version) {
        return new MemberInfo(id, id + ".example.org", order, 1000 + order, null, 0, version);
    }

    @Test
    void seniorIsTheLowestJoinOrder() {
        MembershipView v = MembershipView.of(3, List.of(m("c", 7, "1"), m("a", 2, "1"), m("b", 5, "1")));
        assertEquals("a", v.senior().nodeId());
        assertEquals(List.of("a", "b", "c"), v.members().stream().map(MemberInfo::nodeId).toList());
        assertNull(MembershipView.EMPTY.senior());
    }

    @Test
    void aNodeSeenWithANewJoinOrderIsADepartureAndAnArrival() {
        MembershipView before = MembershipView.of(1, List.of(m("a", 1, "1"), m("b", 2, "1"), m("c", 3, "1")));
        MembershipView after = MembershipView.of(4, List.of(m("a", 1, "1"), m("b", 9, "1"), m("d", 10, "1")));
        assertEquals(List.of(2L, 3L), before.departedIn(after).stream().map(MemberInfo::joinOrder).toList());
        assertEquals(List.of(9L, 10L), before.arrivedIn(after).stream().map(MemberInfo::joinOrder).toList());
        assertTrue(after.departedIn(after).isEmpty());
    }

    @Test
    void versionsAreComparedWithTheSeniorMember() {
        MembershipView v = MembershipView.of(1, List.of(m("a", 1, "1.0"), m("b", 2, "1.1"), m("c", 3, "1.0")));
        assertEquals(List.of("b"), v.versionMismatches().stream().map(MemberInfo::nodeId).toList());
    }

    @Test
    void registryEntriesRoundTripThroughTheCodec() {
        LocalNode node = new LocalNode("n-1", "höst name&=x\ny", "10.0.0.1", 7777, "1.0 beta+2");
        String entry = "order=12\njoinedAt=1700000000000\n" + MemberInfoCodec.encodeAnnouncement(node, "i-1");
        MembershipView v = MembershipView.fromEntries(5, Map.of("n-1", entry));
        assertEquals(new MemberInfo("n-1", "höst name&=x\ny", 12, 1700000000000L, "10.0.0.1", 7777, "1.0 beta+2"), v.get("n-1"));
        LocalNode noBridge = new LocalNode("n-2", "h", null, 0, "1");
        assertNull(MemberInfoCodec.decode("n-2", "order=1\njoinedAt=2\n" + MemberInfoCodec.encodeAnnouncement(noBridge, "i-2")).bridgeHost());
    }

    @Test
    void aMalformedEntryNamesTheNode() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MemberInfoCodec.decode("n-9", "host=x"));
        assertTrue(e.getMessage().contains("n-9"), e.getMessage());
    }
}
