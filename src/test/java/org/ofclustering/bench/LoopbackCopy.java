package org.ofclustering.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The physical limit for file transfers here: one TCP stream over loopback, written and read in 64 KB chunks. */
final class LoopbackCopy {
    private LoopbackCopy() {
    }

    /** Megabytes per second copying {@code size} bytes through one loopback TCP connection. */
    static double megabytesPerSecond(int size) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    byte[] buffer = new byte[64 * 1024];
                    long total = 0;
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        total += n;
                    }
                    return total;
                } catch (IOException e) {
                    throw new IllegalStateException("loopback read failed", e);
                }
            });
            long start = System.nanoTime();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 OutputStream out = s.getOutputStream()) {
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < size; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, size - sent));
                }
            }
            long total = read.get(60, TimeUnit.SECONDS);
            return total / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }
}
