package org.ofclustering.messaging;

import com.rabbitmq.client.AMQP;

import java.util.HashMap;
import java.util.Map;

/**
 * How a task travels: the body is the encoded task; AMQP properties carry the rest.
 * <ul>
 * <li>{@code message-id}: {@code <sender node>:<sequence>}, unique per sender run;</li>
 * <li>{@code type}: the task kind (class name);</li>
 * <li>header {@code ofc-from}: sending node id; header {@code ofc-lane}: ordering lane, if any;</li>
 * <li>requests: {@code correlation-id}, {@code reply-to} (direct reply-to), {@code expiration} and
 * header {@code ofc-deadline} (epoch ms after which the result is useless).</li>
 * </ul>
 */
final class WireFormat {
    static final String FROM = "ofc-from";
    static final String LANE = "ofc-lane";
    static final String DEADLINE = "ofc-deadline";

    private WireFormat() {
    }

    static AMQP.BasicProperties.Builder properties(String messageId, String fromNode, TaskEnvelope task, boolean persistent, long deadlineMillis) {
        Map<String, Object> headers = new HashMap<>(4);
        headers.put(FROM, fromNode);
        if (task.lane() != null) {
            headers.put(LANE, task.lane());
        }
        if (deadlineMillis > 0) {
            headers.put(DEADLINE, deadlineMillis);
        }
        return new AMQP.BasicProperties.Builder().messageId(messageId).type(task.kind()).headers(headers)
                .deliveryMode(persistent ? 2 : 1);
    }

    static String header(AMQP.BasicProperties props, String name) {
        Map<String, Object> headers = props.getHeaders();
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value.toString();
    }

    static long deadline(AMQP.BasicProperties props) {
        Map<String, Object> headers = props.getHeaders();
        Object value = headers == null ? null : headers.get(DEADLINE);
        return value instanceof Number n ? n.longValue() : 0L;
    }

    static TaskEnvelope envelope(AMQP.BasicProperties props, byte[] body) {
        String kind = props.getType();
        return new TaskEnvelope(body, header(props, LANE), kind == null ? "(unknown kind)" : kind);
    }
}
