package dev.sfautoscaler.handler;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The same tests against the packaged function (the JVM jar, or the native binary with -Dnative). */
@QuarkusIntegrationTest
@TestProfile(HandlerProfiles.ReadCapacity.class)
class ReadCapacityHandlerIT extends ReadCapacityBehaviour {
}
