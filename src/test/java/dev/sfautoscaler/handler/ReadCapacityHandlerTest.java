package dev.sfautoscaler.handler;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ReadCapacityBehaviour} in this JVM, with the handler running inside the test's Quarkus application. */
@QuarkusTest
@TestProfile(HandlerProfiles.ReadCapacity.class)
class ReadCapacityHandlerTest extends ReadCapacityBehaviour {
}
