package org.ofclustering.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.ArrayList;
import java.util.List;

/**
 * Every command a private Redis server runs, with its arguments and the name of the client that
 * sent it: the server's slow log with a threshold of zero. Only for a server of the test's own,
 * never the shared one.
 */
final class CommandLog implements AutoCloseable {
    /** One logged command; {@code args} starts with the command's name as the client sent it. */
    record Entry(List<String> args, String clientName) {
        boolean is(String... command) {
            if (args.size() < command.length) {
                return false;
            }
            for (int i = 0; i < command.length; i++) {
                if (!args.get(i).equalsIgnoreCase(command[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    /** Starts logging every command on the server at {@code port}, from now on. */
    CommandLog(int port) {
        client = RedisClient.create("redis://127.0.0.1:" + port);
        connection = client.connect();
        RedisCommands<String, String> sync = connection.sync();
        sync.configSet("slowlog-max-len", "100000");
        sync.configSet("slowlog-log-slower-than", "0");
        sync.slowlogReset();
    }

    /** The commands logged so far, oldest first, except the log's own. */
    List<Entry> entries() {
        List<Entry> result = new ArrayList<>();
        for (Object raw : connection.sync().slowlogGet(100_000)) {
            List<?> fields = (List<?>) raw; // id, time, duration, arguments, client address, client name
            List<String> args = ((List<?>) fields.get(3)).stream().map(String::valueOf).toList();
            Entry e = new Entry(args, String.valueOf(fields.get(5)));
            if (!e.is("SLOWLOG")) {
                result.add(0, e);
            }
        }
        return result;
    }

    List<Entry> entries(String... command) {
        return entries().stream().filter(e -> e.is(command)).toList();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
