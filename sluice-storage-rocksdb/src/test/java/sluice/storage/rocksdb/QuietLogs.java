package sluice.storage.rocksdb;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Silences this package's logs for a test that provokes failures on purpose (tests are quiet). */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(QuietLogs.Extension.class)
@interface QuietLogs {

    final class Extension implements BeforeEachCallback, AfterEachCallback {
        /** Held strongly: java.util.logging keeps loggers only weakly. */
        private static final Logger PACKAGE = Logger.getLogger("sluice.storage.rocksdb");
        private Level previous;

        @Override
        public void beforeEach(ExtensionContext context) {
            previous = PACKAGE.getLevel();
            PACKAGE.setLevel(Level.OFF);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            PACKAGE.setLevel(previous);
        }
    }
}
