package dev.sfautoscaler.handler;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ModifyFaultsBehaviour} in this JVM, with the handler running inside the test's Quarkus application. */
@QuarkusTest
@TestProfile(HandlerProfiles.ModifyFaults.class)
class ModifyFaultsTest extends ModifyFaultsBehaviour {
}
