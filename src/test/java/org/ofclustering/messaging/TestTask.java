package org.ofclustering.messaging;

import java.io.Serializable;

/** A task payload of the engine tests: Java-serialized, run by {@link RecordingHandler}. */
interface TestTask extends Serializable {
    /** Runs on the receiving node; the result goes back to a synchronous caller. */
    Serializable run(RecordingHandler node) throws Exception;

    /** The ordering lane the test sends it with, or null. */
    default String lane() {
        return null;
    }
}
