package dev.sfautoscaler.handler;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The same guard tests against the packaged function. */
@QuarkusIntegrationTest
@TestProfile(HandlerProfiles.ModifyGuarded.class)
class ModifyGuardIT extends ModifyGuardBehaviour {
}
