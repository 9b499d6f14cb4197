package dev.sfautoscaler.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.MotoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Why the sandbox starts moto with {@code moto_server_fixed.py}, and that the fix works: a fleet
 * scaled in twice, then out, keeps as many instances as its target, as on AWS. When the pinned moto
 * stops showing the bug, the first test fails: then the fix can go.
 */
class FixedMotoTest {

    /** A fleet with the first target, changed to each next one: its instances and FulfilledCapacity after each change. */
    private static List<String> scale(AwsFixtures aws, String fleet, int... targets) {
        List<String> seen = new ArrayList<>();
        for (int i = 1; i < targets.length; i++) {
            aws.setTargetCapacity(fleet, targets[i]);
            seen.add(targets[i] + ": " + aws.runningInstances(fleet) + " instances, fulfilled "
                    + aws.fleet(fleet).spotFleetRequestConfig().fulfilledCapacity());
        }
        return seen;
    }

    @Test
    void thePinnedMotoLosesInstancesOnASecondScaleInAndThenFails() {
        try (MotoServer moto = MotoServer.start(); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            String fleet = aws.createMaintainFleet(7);
            assertEquals(List.of("4: 4 instances, fulfilled 7.0", "2: 0 instances, fulfilled 7.0"),
                    scale(aws, fleet, 7, 4, 2));
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> aws.setTargetCapacity(fleet, 1));
            assertTrue(e.getMessage().contains("No instances specified"), e.getMessage());
        }
    }

    @Test
    void withTheFixAFleetHasItsTargetsInstancesAfterEveryChange(@TempDir Path dir) {
        try (MotoServer moto = FixedMoto.start(dir, 0, Map.of()); AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            assertEquals(List.of("4: 4 instances, fulfilled 4.0", "2: 2 instances, fulfilled 2.0",
                    "1: 1 instances, fulfilled 1.0", "5: 5 instances, fulfilled 5.0", "3: 3 instances, fulfilled 3.0"),
                    scale(aws, aws.createMaintainFleet(7), 7, 4, 2, 1, 5, 3));
        }
    }
}
