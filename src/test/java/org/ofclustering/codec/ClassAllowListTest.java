package org.ofclustering.codec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassAllowListTest {
    private final ClassAllowList defaults = ClassAllowList.withDefaults(List.of());

    @Test
    void defaultsAllowOpenfireTinderDom4jJdkAndThePlugin() {
        for (String name : List.of("java.lang.String", "java.util.HashMap", "java.util.concurrent.ConcurrentHashMap",
                "java.time.Instant", "java.sql.Timestamp", "org.jivesoftware.openfire.session.ClientRoute",
                "org.xmpp.packet.JID", "org.dom4j.tree.DefaultElement", "org.ofclustering.cache.Entry")) {
            assertTrue(defaults.allows(name), name);
        }
    }

    @Test
    void defaultsRefuseEverythingElseAndKnownGadgets() {
        for (String name : List.of("com.example.Evil", "org.apache.commons.collections.functors.InvokerTransformer",
                "javax.management.BadAttributeValueExpException", "sun.misc.Unsafe", "java.rmi.server.UnicastRef",
                "java.lang.invoke.SerializedLambda", "java.lang.reflect.Proxy", "java.net.URL",
                "org.ofclustering.shaded.netty.util.internal.Foo", "java.sql.TimestampLike", "jdk.internal.Foo")) {
            assertFalse(defaults.allows(name), name);
        }
        assertTrue(defaults.allows("java.net.URI"), "only java.net.URL itself is denied");
    }

    @Test
    void classEntryCoversItsNestedClassesButNoLookalike() {
        ClassAllowList list = new ClassAllowList(List.of("com.example.Foo"), List.of());
        assertTrue(list.allows("com.example.Foo"));
        assertTrue(list.allows("com.example.Foo$Bar"));
        assertFalse(list.allows("com.example.FooBar"));
        assertFalse(list.allows("com.example.Other"));
    }

    @Test
    void packageEntriesWithDotOrStar() {
        ClassAllowList list = ClassAllowList.withDefaults(" com.example.* , org.acme. ,");
        assertTrue(list.allows("com.example.Foo"));
        assertTrue(list.allows("com.example.sub.Foo"));
        assertTrue(list.allows("org.acme.Thing"));
        assertFalse(list.allows("com.examples.Foo"));
        assertEquals(ClassAllowList.DEFAULT_PREFIXES.size() + 2, list.prefixes().size());
    }

    @Test
    void arraysAreJudgedByComponent() {
        assertTrue(defaults.allows("[I"));
        assertTrue(defaults.allows("[[J"));
        assertTrue(defaults.allows("[Ljava.lang.String;"));
        assertTrue(defaults.allows("[[Lorg.xmpp.packet.JID;"));
        assertFalse(defaults.allows("[Lcom.example.Evil;"));
        assertFalse(defaults.allows("[Q"));
        assertFalse(defaults.allows("[Ljava.net.URL;"));
    }

    @Test
    void deniedWinsOverAllowed() {
        ClassAllowList list = new ClassAllowList(List.of("com.example."), List.of("com.example.internal."));
        assertTrue(list.allows("com.example.Foo"));
        assertFalse(list.allows("com.example.internal.Foo"));
    }

    @Test
    void invalidEntriesAreRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassAllowList.withDefaults("com.example.*, com/evil"));
        assertTrue(e.getMessage().contains("com/evil"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassAllowList.withDefaults(List.of("*")));
        assertThrows(IllegalArgumentException.class, () -> ClassAllowList.withDefaults(List.of("")));
    }
}
