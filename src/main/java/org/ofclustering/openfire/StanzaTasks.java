package org.ofclustering.openfire;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.util.cache.ClusterTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster tasks of Openfire core that carry a stanza for one entity on another node:
 * {@code RemotePacketExecution} (routing table, full JIDs) and {@code ProcessPacketTask} (a remote
 * session's {@code process}, used for messages to bare JIDs among others). For those, the
 * dispatcher needs the entity (its ordering lane: stanzas to one entity keep their order, whichever
 * of the two tasks carries them) and, when the target node died with the task in its queue, the
 * stanza itself, to route it again (to a surviving session, offline storage or a bounce). Core
 * offers no accessor, so the private fields are read by reflection, once resolved per class.
 */
final class StanzaTasks {
    private static final Logger Log = LoggerFactory.getLogger(StanzaTasks.class);
    private static final String REMOTE_PACKET_EXECUTION = "org.jivesoftware.openfire.cluster.RemotePacketExecution";
    private static final String PROCESS_PACKET_TASK = "org.jivesoftware.openfire.session.ProcessPacketTask";
    private static final Map<String, String> ENTITY_FIELD = Map.of(REMOTE_PACKET_EXECUTION, "recipient", PROCESS_PACKET_TASK, "address");
    /** Per task class and field name, resolved once: the lane of every stanza is read on the send path. */
    private static final ClassValue<Map<String, Optional<Field>>> FIELDS = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Field>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** The no-argument constructors of core's two stanza task classes, looked up once. */
    private static final Map<String, java.lang.reflect.Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

    private StanzaTasks() {
    }

    static boolean carriesStanza(String taskClassName) {
        return ENTITY_FIELD.containsKey(taskClassName);
    }

    /** The ordering lane of a stanza task ("to:" + entity JID), or empty for other tasks. */
    static Optional<String> lane(ClusterTask<?> task) {
        String entityField = ENTITY_FIELD.get(task.getClass().getName());
        if (entityField == null) {
            return Optional.empty();
        }
        return read(task, entityField).map(entity -> "to:" + entity);
    }

    /**
     * Whether a {@code ProcessPacketTask} for a client session arrived after that session left this
     * node (the sender looked the session up a moment earlier, possibly in a near cache): running it
     * would fail on the missing session, so the stanza is {@link #reroute re-routed} instead, as a
     * {@code RemotePacketExecution} to a gone recipient is.
     */
    static boolean clientSessionGone(ClusterTask<?> task) {
        if (!PROCESS_PACKET_TASK.equals(task.getClass().getName())) {
            return false;
        }
        Optional<Object> type = read(task, "sessionType");
        Optional<Object> address = read(task, "address");
        if (type.isEmpty() || !"client".equals(type.get().toString()) || address.isEmpty() || !(address.get() instanceof JID jid)) {
            return false;
        }
        return XMPPServer.getInstance().getRoutingTable().getClientRoute(jid) == null;
    }

    /**
     * Hands the stanza of a task whose target node is gone to Openfire's handling of an unreachable
     * recipient, as the routing table would after failing to reach that node: a message goes to
     * another available session of the recipient, to offline storage or back as an error, an IQ is
     * answered with an error, a presence is dropped or answered as Openfire decides. Calling the
     * routing table itself would try the dead node first and log a stack trace for every stanza.
     *
     * @return false when the task carries no stanza that can be read
     */
    static boolean reroute(ClusterTask<?> task) {
        String name = task.getClass().getName();
        if (!carriesStanza(name)) {
            return false;
        }
        Optional<Object> packet = read(task, "packet");
        if (packet.isEmpty() || !(packet.get() instanceof Packet stanza)) {
            return false;
        }
        JID to = stanza.getTo();
        if (to == null) {
            to = read(task, ENTITY_FIELD.get(name)).filter(JID.class::isInstance).map(JID.class::cast).orElse(null);
        }
        if (to == null) {
            return false;
        }
        XMPPServer server = XMPPServer.getInstance();
        if (stanza instanceof Message) {
            server.getMessageRouter().routingFailed(to, stanza);
        } else if (stanza instanceof IQ) {
            server.getIQRouter().routingFailed(to, stanza);
        } else if (stanza instanceof Presence) {
            server.getPresenceRouter().routingFailed(to, stanza);
        } else {
            return false;
        }
        return true;
    }

    /**
     * The parts of a stanza task for {@link StanzaTaskFormat}, or empty for any other task and for
     * a {@code ProcessPacketTask} of an incoming server session (identified by a stream id, rare;
     * it keeps the general codec).
     */
    static Optional<StanzaTaskFormat.Parts> parts(ClusterTask<?> task) {
        String name = task.getClass().getName();
        StanzaTaskFormat.Kind kind;
        String sessionType = "";
        if (REMOTE_PACKET_EXECUTION.equals(name)) {
            kind = StanzaTaskFormat.Kind.REMOTE_PACKET_EXECUTION;
        } else if (PROCESS_PACKET_TASK.equals(name)) {
            kind = StanzaTaskFormat.Kind.PROCESS_PACKET_TASK;
            if (read(task, "streamID").isPresent()) {
                return Optional.empty();
            }
            Optional<Object> type = read(task, "sessionType");
            if (type.isEmpty()) {
                return Optional.empty();
            }
            sessionType = ((Enum<?>) type.get()).name();
        } else {
            return Optional.empty();
        }
        Optional<Object> entity = read(task, ENTITY_FIELD.get(name));
        Optional<Object> packet = read(task, "packet");
        if (entity.isEmpty() || !(packet.orElse(null) instanceof Packet stanza)) {
            return Optional.empty();
        }
        return Optional.of(new StanzaTaskFormat.Parts(kind, sessionType, entity.get().toString(), stanza));
    }

    /** The task the parts were read from, made again with Openfire's own task class. */
    static ClusterTask<?> task(StanzaTaskFormat.Parts parts) {
        String name = parts.kind() == StanzaTaskFormat.Kind.REMOTE_PACKET_EXECUTION ? REMOTE_PACKET_EXECUTION : PROCESS_PACKET_TASK;
        try {
            java.lang.reflect.Constructor<?> constructor = CONSTRUCTORS.get(name);
            if (constructor == null) {
                constructor = Class.forName(name, true, XMPPServer.class.getClassLoader()).getDeclaredConstructor();
                CONSTRUCTORS.put(name, constructor);
            }
            Class<?> type = constructor.getDeclaringClass();
            ClusterTask<?> task = (ClusterTask<?>) constructor.newInstance();
            write(task, ENTITY_FIELD.get(name), new JID(parts.entity()));
            write(task, "packet", parts.packet());
            if (parts.kind() == StanzaTaskFormat.Kind.PROCESS_PACKET_TASK) {
                Field field = field(type, "sessionType").orElseThrow();
                write(task, "sessionType", sessionType(field.getType(), parts.sessionType()));
            }
            return task;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new org.ofclustering.codec.CodecException(org.ofclustering.codec.CodecException.Reason.CORRUPT, name,
                    "Cannot make a " + name + " from a compact stanza task: " + e, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object sessionType(Class<?> enumType, String name) {
        return Enum.valueOf((Class) enumType, name);
    }

    private static void write(Object task, String fieldName, Object value) throws IllegalAccessException {
        Field field = field(task.getClass(), fieldName)
                .orElseThrow(() -> new IllegalStateException("no field " + fieldName + " in " + task.getClass().getName()));
        field.set(task, value);
    }

    private static Optional<Field> field(Class<?> type, String fieldName) {
        return FIELDS.get(type).computeIfAbsent(fieldName, key -> {
            try {
                Field f = type.getDeclaredField(fieldName);
                f.setAccessible(true);
                return Optional.of(f);
            } catch (NoSuchFieldException | RuntimeException e) {
                Log.warn("Cannot read {}.{} ({}); such stanzas share one ordering lane and are dropped if their node dies",
                        type.getName(), fieldName, e.toString());
                return Optional.empty();
            }
        });
    }

    private static Optional<Object> read(Object task, String fieldName) {
        Optional<Field> field = field(task.getClass(), fieldName);
        try {
            return field.isPresent() ? Optional.ofNullable(field.get().get(task)) : Optional.empty();
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }
}
