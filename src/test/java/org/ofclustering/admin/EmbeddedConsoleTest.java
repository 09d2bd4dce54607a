package org.ofclustering.admin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Base of the page tests: one embedded console per test class, services withdrawn after each test. */
abstract class EmbeddedConsoleTest {
    static ConsoleTestServer server;
    final ConsoleBrowser browser = new ConsoleBrowser();

    @BeforeAll
    static void startServer() throws Exception {
        server = ConsoleTestServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void uninstallServices() {
        ConsoleServices.uninstall();
    }
}
