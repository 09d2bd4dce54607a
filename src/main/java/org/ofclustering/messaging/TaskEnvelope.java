package org.ofclustering.messaging;

import java.util.Objects;

/**
 * One task as the transport carries it: encoded bytes, plus what the transport needs to know
 * without decoding them.
 *
 * @param body the encoded task (or result)
 * @param lane ordering key: tasks with the same lane sent from one node run on the receiving node
 *             one after the other in the order they were sent; null runs the task as soon as a
 *             worker is free, in parallel with everything else
 * @param kind what the task is (its class name), for log lines and routing of orphaned tasks
 */
public record TaskEnvelope(byte[] body, String lane, String kind) {
    public TaskEnvelope {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return kind + (lane == null ? "" : " (lane " + lane + ")") + ", " + body.length + " bytes";
    }
}
