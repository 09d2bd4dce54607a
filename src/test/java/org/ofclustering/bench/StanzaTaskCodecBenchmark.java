package org.ofclustering.bench;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.tree.DefaultElement;
import org.ofclustering.codec.ClassAllowList;
import org.ofclustering.codec.ClassLoaderChain;
import org.ofclustering.codec.SerializationCodec;
import org.ofclustering.openfire.ClusterExternalizableStrategy;
import org.ofclustering.openfire.StanzaTaskFormat;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Bytes and CPU per stanza task: the Java form (what Openfire's {@code RemotePacketExecution}
 * writes through {@code ExternalizableUtil}: the recipient JID, the stanza type and the stanza's
 * dom4j tree, each Java-serialized by the plugin's strategy) against the compact form (header and
 * XML), for a short chat message and one with a receipt request, a chat state and a 1 KB body.
 * The floor next to them is a copy of the compact form's bytes. CPU is the benchmark thread's own
 * CPU time, per encode and per decode, after a warm-up.
 * Run: {@code scripts/bench.sh StanzaTaskCodecBenchmark}.
 */
public final class StanzaTaskCodecBenchmark {
    private static final int WARMUP = 20_000;
    private static final int ROUNDS = 50_000;
    static ClusterExternalizableStrategy strategy;

    private StanzaTaskCodecBenchmark() {
    }

    /** Writes and reads exactly what Openfire's RemotePacketExecution does, through the plugin's strategy. */
    public static final class JavaFormTask implements Externalizable {
        private JID recipient;
        private Message packet;

        public JavaFormTask() {
        }

        JavaFormTask(JID recipient, Message packet) {
            this.recipient = recipient;
            this.packet = packet;
        }

        @Override
        public void writeExternal(ObjectOutput out) throws IOException {
            strategy.writeSerializable(out, recipient);
            strategy.writeInt(out, 2);
            strategy.writeSerializable(out, (DefaultElement) packet.getElement());
        }

        @Override
        public void readExternal(ObjectInput in) throws IOException {
            recipient = (JID) strategy.readSerializable(in);
            strategy.readInt(in);
            packet = new Message((Element) strategy.readSerializable(in), true);
        }
    }

    public static void main(String[] args) throws Exception {
        SerializationCodec codec = new SerializationCodec(ClassAllowList.withDefaults(List.of("org.ofclustering.bench.")), ClassLoaderChain.ofDefaults());
        strategy = new ClusterExternalizableStrategy(codec.javaSerialization());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        System.out.printf("%-34s %8s %8s %12s %12s%n", "stanza task", "form", "bytes", "encode µs", "decode µs");
        for (Message m : List.of(shortChat(), richChat())) {
            JID to = m.getTo();
            StanzaTaskFormat.Parts parts = new StanzaTaskFormat.Parts(StanzaTaskFormat.Kind.REMOTE_PACKET_EXECUTION, "", to.toString(), m);
            JavaFormTask task = new JavaFormTask(to, m);
            byte[] java = codec.encode(task);
            byte[] compact = StanzaTaskFormat.write(parts).orElseThrow();
            if (!((JavaFormTask) codec.decode(java)).packet.toXML().equals(m.toXML())
                    || !((Message) StanzaTaskFormat.read(compact).packet()).getBody().equals(m.getBody())) {
                throw new IllegalStateException("a form did not read back as the same stanza");
            }
            String name = m.getBody().length() > 100 ? "chat, receipt, chat state, 1 KB" : "short chat";
            long[] javaCpu = measure(cpu, () -> codec.encode(task), () -> codec.decode(java));
            long[] compactCpu = measure(cpu, () -> StanzaTaskFormat.write(parts), () -> StanzaTaskFormat.read(compact));
            byte[] sink = new byte[compact.length];
            long[] copyCpu = measure(cpu, () -> System.arraycopy(compact, 0, sink, 0, compact.length), () -> compact.clone());
            print(name, "Java", java.length, javaCpu);
            print(name, "compact", compact.length, compactCpu);
            print(name, "copy", compact.length, copyCpu);
            System.out.printf("%-34s compact/Java: bytes %.2f, encode %.2f, decode %.2f%n", name, (double) compact.length / java.length,
                    (double) compactCpu[0] / javaCpu[0], (double) compactCpu[1] / javaCpu[1]);
        }
    }

    private static long[] measure(ThreadMXBean cpu, Runnable encode, Runnable decode) {
        for (int i = 0; i < WARMUP; i++) {
            encode.run();
            decode.run();
        }
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < ROUNDS; i++) {
            encode.run();
        }
        long t1 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < ROUNDS; i++) {
            decode.run();
        }
        long t2 = cpu.getCurrentThreadCpuTime();
        return new long[]{(t1 - t0) / ROUNDS, (t2 - t1) / ROUNDS};
    }

    private static void print(String name, String form, int bytes, long[] nanos) {
        System.out.printf("%-34s %8s %8d %12.2f %12.2f%n", name, form, bytes, nanos[0] / 1000.0, nanos[1] / 1000.0);
    }

    private static Message shortChat() throws Exception {
        return new Message(DocumentHelper.parseText("<message xmlns='jabber:client' to='user17@example.org/phone' "
                + "from='user3@example.org/desk' type='chat' id='a1b2c3'><body>hello 42</body></message>").getRootElement(), true);
    }

    private static Message richChat() throws Exception {
        String body = "lorem ipsum dolor sit amet ".repeat(38).substring(0, 1024);
        return new Message(DocumentHelper.parseText("<message xmlns='jabber:client' to='user17@example.org/phone' "
                + "from='user3@example.org/desk' type='chat' id='a1b2c3'><body>" + body + "</body>"
                + "<request xmlns='urn:xmpp:receipts'/><active xmlns='http://jabber.org/protocol/chatstates'/>"
                + "<origin-id xmlns='urn:xmpp:sid:0' id='3f0e2a'/></message>").getRootElement(), true);
    }
}
