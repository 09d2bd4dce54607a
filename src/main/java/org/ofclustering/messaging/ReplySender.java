package org.ofclustering.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends results of synchronous tasks back to the requesting node's direct reply-to address.
 * Replies are not confirmed: the requester's deadline covers a reply that gets lost.
 */
final class ReplySender {
    private static final Logger Log = LoggerFactory.getLogger(ReplySender.class);

    private final Channel channel;

    ReplySender(Connection connection) throws IOException {
        this.channel = connection.createChannel();
    }

    void reply(String replyTo, String correlationId, byte[] result) {
        send(replyTo, new AMQP.BasicProperties.Builder().correlationId(correlationId).build(), result);
    }

    void replyError(String replyTo, String correlationId, String error) {
        send(replyTo, new AMQP.BasicProperties.Builder().correlationId(correlationId)
                .headers(Map.of(RequestChannel.ERROR_HEADER, error)).build(), new byte[0]);
    }

    private void send(String replyTo, AMQP.BasicProperties props, byte[] body) {
        try {
            synchronized (channel) {
                channel.basicPublish("", replyTo, false, props, body);
            }
        } catch (IOException | AlreadyClosedException e) {
            Log.warn("Could not send the reply to request {}: RabbitMQ connection lost ({}); the requester will time out",
                    props.getCorrelationId(), e.getMessage());
        }
    }

    void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | AlreadyClosedException | TimeoutException e) {
            Log.debug("Reply channel closed with the connection: {}", e.toString());
        }
    }
}
