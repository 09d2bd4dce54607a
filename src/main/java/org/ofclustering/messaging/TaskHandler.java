package org.ofclustering.messaging;

/**
 * What the transport calls to run received tasks; implemented by the layer that knows what the
 * bytes mean. Called on worker threads, concurrently for different lanes.
 */
public interface TaskHandler {
    /**
     * Runs a task received from another node.
     *
     * @param task          the task
     * @param fromNode      id of the node that sent it
     * @param replyExpected the sender waits for the result (a synchronous task)
     * @return the encoded result when {@code replyExpected}, else ignored (may be null)
     * @throws Exception when the task cannot be decoded or fails; the transport logs it once,
     *                   acknowledges the message and reports the failure to a waiting sender
     */
    byte[] execute(TaskEnvelope task, String fromNode, boolean replyExpected) throws Exception;

    /**
     * A task that will never reach the node it was sent to: it was left in the queue of a node that
     * crashed and this node took that queue over, or its publish failed after the sender moved on.
     * The implementation re-routes what must not be lost (stanzas) and drops the rest with a log line.
     *
     * @param task       the task
     * @param targetNode the node it was meant for
     */
    void orphaned(TaskEnvelope task, String targetNode);
}
