package io.dbbasic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** TCP ports for tests: free ones to run on, and whether something listens on one. */
public final class FreePorts {
    private FreePorts() {}

    /** {@code count} distinct ports the OS reports free right now (all held open together, then released). */
    public static List<Integer> pick(int count) {
        var sockets = new ArrayList<ServerSocket>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (var socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a socket nobody used cannot lose anything
                }
            }
        }
    }

    /** True when a connection to {@code port} on localhost is accepted. */
    public static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
