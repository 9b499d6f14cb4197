package dev.sfautoscaler.handler;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ModifyBehaviour} in this JVM, with the handler running inside the test's Quarkus application. */
@QuarkusTest
@TestProfile(HandlerProfiles.Modify.class)
class ModifyHandlerTest extends ModifyBehaviour {
}
