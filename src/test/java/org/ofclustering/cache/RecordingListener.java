package org.ofclustering.cache;

import java.util.ArrayList;
import java.util.List;

/** Records every event as one line: {@code kind key old new origin}. */
final class RecordingListener<K, V> implements CacheEntryListener<K, V> {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void entryAdded(K key, V newValue, String origin) {
        lines.add("added " + key + " null " + newValue + " " + origin);
    }

    @Override
    public synchronized void entryUpdated(K key, V oldValue, V newValue, String origin) {
        lines.add("updated " + key + " " + oldValue + " " + newValue + " " + origin);
    }

    @Override
    public synchronized void entryRemoved(K key, V oldValue, String origin) {
        lines.add("removed " + key + " " + oldValue + " null " + origin);
    }

    @Override
    public synchronized void entryEvicted(K key, V oldValue, String origin) {
        lines.add("evicted " + key + " " + oldValue + " null " + origin);
    }

    @Override
    public synchronized void mapCleared(String origin) {
        lines.add("cleared " + origin);
    }

    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    synchronized List<String> linesAbout(String key) {
        return lines.stream().filter(l -> l.split(" ")[1].equals(key)).toList();
    }

    synchronized int size() {
        return lines.size();
    }
}
