package org.ofclustering.openfire;

import org.jivesoftware.util.cache.ClusterTask;
import org.ofclustering.codec.ObjectCodec;

import java.util.Optional;

/**
 * The codec of cluster tasks and their results. A task that carries one stanza
 * ({@code RemotePacketExecution}, {@code ProcessPacketTask}) travels in {@link StanzaTaskFormat}:
 * its stanza's XML and a small header, a fraction of the bytes and CPU of a Java serialization of
 * the task with its JID and DOM tree. Every other task, and every result, takes the general codec;
 * the two are told apart by their first byte.
 */
final class ClusterTaskCodec implements ObjectCodec {
    private final ObjectCodec general;
    private final boolean compactStanzas;

    /**
     * @param general        the codec for everything but stanza tasks
     * @param compactStanzas false sends stanza tasks through the general codec too (for a cluster
     *                       whose other nodes run a plugin version that cannot read the compact form);
     *                       reading accepts both forms either way
     */
    ClusterTaskCodec(ObjectCodec general, boolean compactStanzas) {
        this.general = general;
        this.compactStanzas = compactStanzas;
    }

    @Override
    public byte[] encode(Object value) {
        if (compactStanzas && value instanceof ClusterTask<?> task) {
            Optional<byte[]> compact = StanzaTasks.parts(task).flatMap(StanzaTaskFormat::write);
            if (compact.isPresent()) {
                return compact.get();
            }
        }
        return general.encode(value);
    }

    @Override
    public Object decode(byte[] bytes) {
        if (StanzaTaskFormat.isCompact(bytes)) {
            return StanzaTasks.task(StanzaTaskFormat.read(bytes));
        }
        return general.decode(bytes);
    }
}
