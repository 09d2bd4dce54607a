package org.ofclustering.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The history files of one randomized check run, one per node JVM, in a temporary folder that is
 * removed afterwards unless {@code -Dcheck.keep=true} asks to keep it for reading.
 */
public final class CheckHistories implements AutoCloseable {
    private final String check;
    private final Path dir;
    private final List<Path> files = new ArrayList<>();

    public CheckHistories(String check) throws IOException {
        this.check = check;
        this.dir = Files.createTempDirectory(check.replace(' ', '-'));
    }

    /** The history file for one node; every file handed out is read by {@link #files()}. */
    public synchronized Path forNode(String nodeId) {
        Path history = dir.resolve("history-" + nodeId + ".tsv");
        files.add(history);
        return history;
    }

    public synchronized List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        if (Boolean.getBoolean("check.keep")) {
            System.out.println(check + " histories kept in " + dir);
            return;
        }
        for (Path p : files()) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }
}
