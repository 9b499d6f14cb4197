package dev.sfautoscaler.handler;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ModifyGuardBehaviour} in this JVM. */
@QuarkusTest
@TestProfile(HandlerProfiles.ModifyGuarded.class)
class ModifyGuardTest extends ModifyGuardBehaviour {
}
