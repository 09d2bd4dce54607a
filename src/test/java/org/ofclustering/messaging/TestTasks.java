package org.ofclustering.messaging;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.Serializable;

/** The task payloads of the engine tests. */
final class TestTasks {
    private TestTasks() {
    }

    /** Records its id on the node that runs it; ordering tests check the sequence per lane. */
    static final class Record implements TestTask, Externalizable {
        String sender;
        String lane;
        int seq;
        int sleepMillis;

        public Record() {
        }

        Record(String sender, String lane, int seq, int sleepMillis) {
            this.sender = sender;
            this.lane = lane;
            this.seq = seq;
            this.sleepMillis = sleepMillis;
        }

        String id() {
            return sender + "|" + lane + "|" + seq;
        }

        @Override
        public Serializable run(RecordingHandler node) throws InterruptedException {
            node.enterLane(lane);
            try {
                if (sleepMillis > 0) {
                    Thread.sleep(sleepMillis);
                }
                node.record(this);
            } finally {
                node.leaveLane(lane);
            }
            return null;
        }

        @Override
        public String lane() {
            return lane;
        }

        @Override
        public void writeExternal(ObjectOutput out) throws IOException {
            out.writeUTF(sender);
            out.writeBoolean(lane != null);
            if (lane != null) {
                out.writeUTF(lane);
            }
            out.writeInt(seq);
            out.writeInt(sleepMillis);
        }

        @Override
        public void readExternal(ObjectInput in) throws IOException {
            sender = in.readUTF();
            lane = in.readBoolean() ? in.readUTF() : null;
            seq = in.readInt();
            sleepMillis = in.readInt();
        }
    }

    /** Answers with its text and the id of the node that ran it, after an optional pause. */
    record Echo(String text, int sleepMillis) implements TestTask {
        @Override
        public Serializable run(RecordingHandler node) throws InterruptedException {
            if (sleepMillis > 0) {
                Thread.sleep(sleepMillis);
            }
            return text + "@" + node.nodeId();
        }
    }

    /** Fails when run. */
    record Failing(String message) implements TestTask {
        @Override
        public Serializable run(RecordingHandler node) {
            throw new IllegalStateException(message);
        }
    }
}
