package org.ofclustering.bridge;

import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refusals are logged at WARN at most once per peer address. */
class PeerLogTest {
    /** Records formatted WARN lines. */
    private static final class RecordingLogger extends LegacyAbstractLogger {
        final List<String> warnings = new ArrayList<>();

        RecordingLogger() {
            this.name = "recording";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            if (level == Level.WARN) {
                warnings.add(MessageFormatter.basicArrayFormat(pattern, args));
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }

    @Test
    void eachPeerIsLoggedOnce() {
        RecordingLogger logger = new RecordingLogger();
        PeerLog log = new PeerLog(logger);
        for (int i = 0; i < 5; i++) {
            log.warnOnce("192.0.2.1", "SOCKS5 request refused: command 2 is not CONNECT");
        }
        log.warnOnce("192.0.2.2", "SOCKS5 handshake failed");
        assertEquals(2, logger.warnings.size());
        assertTrue(logger.warnings.get(0).startsWith("192.0.2.1: SOCKS5 request refused"), logger.warnings.get(0));
        assertTrue(logger.warnings.get(1).startsWith("192.0.2.2: "), logger.warnings.get(1));
    }

    @Test
    void memoryOfPeersIsBounded() {
        RecordingLogger logger = new RecordingLogger();
        PeerLog log = new PeerLog(logger);
        for (int i = 0; i < 10_000; i++) {
            log.warnOnce("peer-" + i, "refused");
        }
        assertEquals(10_000, logger.warnings.size(), "distinct peers are each logged");
        log.warnOnce("peer-9999", "refused");
        assertEquals(10_000, logger.warnings.size(), "a recent peer is still remembered");
    }
}
