package org.registro.testutil;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.registro.common.Messages;

/**
 * Before every test (registered for all of them through the service loader): no workspace's country or time zone
 * left from a test that opened one in the app, so numbers and dates read in the test's language alone.
 */
public final class FreshFormats implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        Messages.setWorkspace(null, null);
    }
}
