package dev.sfautoscaler.testing;

import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testkit.MotoServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field that {@link AwsEmulatorResource} fills: a {@link MotoServer}, the
 * {@link FaultProxy} in front of it, or {@link AwsFixtures} (clients straight to the emulator).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectAws {
}
