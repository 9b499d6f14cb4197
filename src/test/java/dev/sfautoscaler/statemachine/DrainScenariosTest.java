package dev.sfautoscaler.statemachine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.DrainCoordinator;
import dev.sfautoscaler.core.DrainInstance;
import dev.sfautoscaler.core.DrainOutcome;
import dev.sfautoscaler.core.DrainReport;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.ScaleInMode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.Target;
import dev.sfautoscaler.statemachine.WorkflowEmulator.Notification;
import dev.sfautoscaler.testing.HandlerFunctions;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testing.TargetFixtures;
import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import dev.sfautoscaler.testkit.AutoscalerWorkflow.Execution;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SpotFleetLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Scale-in by drain (issue 13), the state machine in moto's Step Functions, its tasks answered by the
 * handlers. The test plays the workers of the contract (docs/workers.md): it watches the instances'
 * tags and writes {@code sfautoscaler:drained} on those asked to drain, or never does.
 */
@QuarkusTest
@TestProfile(WorkflowScenariosTest.Profile.class)
class DrainScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final List<String> DRAIN = List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide",
            "ScaleNeeded?", "PlanDrain", "StartDrain", "DrainStarted?", "WaitForDrain", "CheckDrain", "DrainDone?", "FinishDrain",
            "Notify", "AnotherRound?", "RecoveryBeforeDone?", "Done");

    @InjectAws
    WorkflowEmulator emulator;

    @Inject
    DrainCoordinator coordinator;

    private final ExecutorService workers = Executors.newSingleThreadExecutor();

    @BeforeEach
    void answerTasksWithTheHandlers() {
        HandlerFunctions.registerAll(emulator.lambda(), AutoscalerWorkflow.FUNCTION_PREFIX);
        emulator.notifications();
    }

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
        emulator.proxy().clear(); // the next test class counts the proxy's calls from zero
    }

    @Test
    void aSpotFleetDrainsTheInstancesThatLeaveAndTerminatesExactlyThose() throws Exception {
        String fleet = emulator.aws().createMaintainFleet(4);
        Set<String> before = running(fleet);
        Future<Set<String>> drained = playWorkers(ids -> ids.forEach(id -> tag(id, DrainInstance.DRAINED_TAG)));

        Execution run = run("drain-spot", input("spot-fleet", fleet, "drain-spot", 0, null));

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(DRAIN));
        Set<String> left = running(fleet);
        Set<String> gone = new HashSet<>(before);
        gone.removeAll(left);
        assertThat("exactly the instances asked to drain left", gone, is(drained.get(5, TimeUnit.SECONDS)));
        assertThat(left.size(), is(1));
        assertThat(emulator.aws().targetCapacity(fleet), is(1));
        Notification n = single(emulator.awaitNotifications(1, RUN));
        assertThat(n.subject(), startsWith(fleet + " scaled in 4 -> 1, drained 3 instances (3 units) in "));
        assertThat(n.subject(), containsString(" s (backlog 0)"));
    }

    @Test
    void aWorkerThatNeverReportsIsTerminatedAtTheDrainTimeoutAndTheMailSaysSo() {
        String fleet = emulator.aws().createMaintainFleet(2);

        Execution run = run("drain-timeout", input("spot-fleet", fleet, "drain-timeout", 0, 1L));

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(DRAIN));
        assertThat(running(fleet).size(), is(1));
        Notification n = single(emulator.awaitNotifications(1, RUN));
        assertThat(n.subject(), startsWith(fleet + " scaled in 2 -> 1, 0 instances drained and 1 timed out (1 units) in "));
    }

    @Test
    void aScaleOutDuringTheDrainCancelsItForTheInstancesStillBusy() throws Exception {
        String fleet = emulator.aws().createMaintainFleet(3);
        ObjectNode input = input("spot-fleet", fleet, "drain-cancel", 0, null);
        String queueUrl = input.path("queueUrl").asText();
        // One worker reports idle; then 100 messages arrive: 10 units' worth at 10 per unit.
        Future<Set<String>> asked = playWorkers(ids -> {
            tag(ids.get(0), DrainInstance.DRAINED_TAG);
            emulator.sendMessages(queueUrl, 100);
        });

        Execution run = run("drain-cancel", input);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), hasItem("FinishDrain"));
        assertThat(run.functionInputsIn("FinishDrain").size(), is(1));
        assertThat(asked.get(5, TimeUnit.SECONDS).size(), is(2));
        // The scale-out needs both: the busy one and the idle one stay, untagged; the target went 3 -> 1 -> 3.
        assertThat(running(fleet).size(), is(3));
        assertThat(emulator.aws().targetCapacity(fleet), is(3));
        assertThat(taggedDraining(fleet), is(List.of()));
    }

    @Test
    void anEc2FleetRunningMoreThanItsTargetDrainsByWeightDownToTheDecidedTarget() throws Exception {
        try (TargetFixtures targets = new TargetFixtures(emulator.aws())) {
            // Target 8, but 10 units run (1 + 4 + 1 + 4: a weighted fleet rounds up); the queue is empty, so
            // 8 -> 1: 9 units leave (4 + 4 + 1) and one 1-unit instance stays, not a 4-unit one at target 2.
            String fleet = targets.createWeightedEc2Fleet(software.amazon.awssdk.services.ec2.model.FleetType.MAINTAIN,
                    8);
            drainsDownToTheDecidedTarget(targets, "ec2-fleet", fleet);
        }
    }

    @Test
    void aWeightedSpotFleetRunningMoreThanItsTargetDrainsByWeightDownToTheDecidedTarget() throws Exception {
        try (TargetFixtures targets = new TargetFixtures(emulator.aws())) {
            drainsDownToTheDecidedTarget(targets, "spot-fleet", targets.createWeightedSpotFleet(8));
        }
    }

    @Test
    void aWeightedGroupRunningMoreThanItsDesiredCapacityEndsAtTheDecidedTarget() throws Exception {
        try (TargetFixtures targets = new TargetFixtures(emulator.aws())) {
            // Desired 6, two 4-unit instances (8 units); 6 -> 1: one leaves with a decrement (desired 2), and the
            // other cannot leave without going below 1, so finish lowers the group to 1 and AWS keeps it.
            String group = targets.createWeightedGroup(6, 0, 12);
            playWorkers(ids -> ids.forEach(id -> tag(id, DrainInstance.DRAINED_TAG)));

            Execution run = run("drain-asg-over", input("auto-scaling-group", group, "drain-asg-over", 0, null));

            assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
            assertThat(run.states(), is(DRAIN));
            assertThat(targets.desired(group), is(1));
            assertThat("the 4-unit instance that was not drained runs on", targets.group(group).instances().stream()
                    .filter(i -> i.lifecycleStateAsString().equals("InService")).map(i -> i.weightedCapacity())
                    .toList(), is(List.of("4")));
            assertThat(single(emulator.awaitNotifications(1, RUN)).subject(),
                    startsWith(group + " scaled in 6 -> 1, drained 1 instance (4 units) in "));
        }
    }

    private void drainsDownToTheDecidedTarget(TargetFixtures targets, String kind, String fleet) throws Exception {
        assertThat("a weighted fleet of 8 runs 10 units", weights(kind, fleet), is(List.of(1, 1, 4, 4)));
        playWorkers(ids -> ids.forEach(id -> tag(id, DrainInstance.DRAINED_TAG)));

        Execution run = run("drain-" + kind, input(kind, fleet, "drain-" + kind, 0, null));

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(DRAIN));
        assertThat(targets.targetCapacity(kind, fleet), is(1));
        assertThat("one 1-unit instance runs: the decided target, no less", weights(kind, fleet), is(List.of(1)));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(),
                startsWith(fleet + " scaled in 8 -> 1, drained 3 instances (9 units) in "));
    }

    /** The weights of the fleet's live instances, as the drain function reads them, smallest first. */
    private List<Integer> weights(String kind, String fleet) {
        Target target = kind.equals("ec2-fleet") ? new Target(dev.sfautoscaler.core.TargetKind.EC2_FLEET, fleet)
                : Target.spotFleet(fleet);
        return new dev.sfautoscaler.aws.TargetInstances(emulator.aws().ec2(), () -> null).instances(target).stream()
                .map(DrainInstance::weight).sorted().toList();
    }

    @Test
    void aWeightedFleetRunningOneInstanceTooHeavyToDrainIsLoweredToTheDecidedTargetAndTheChangeNotified() {
        // Weighted 4 and 1, diversified from the 4-unit spec: target 4 runs one 4-unit instance. 4 -> 1 can remove
        // none of it; left at 4, every minute decided 4 -> 1 again and ended in NothingToDrain, silently.
        String fleet = emulator.aws().ec2().requestSpotFleet(r -> r.spotFleetRequestConfig(c -> c
                .iamFleetRole(AwsFixtures.FLEET_ROLE).targetCapacity(4)
                .type(software.amazon.awssdk.services.ec2.model.FleetType.MAINTAIN).allocationStrategy("diversified")
                .launchSpecifications(
                        SpotFleetLaunchSpecification.builder().imageId(AwsFixtures.IMAGE_ID)
                                .instanceType(TargetFixtures.LARGE).weightedCapacity(4.0).build(),
                        SpotFleetLaunchSpecification.builder().imageId(AwsFixtures.IMAGE_ID)
                                .instanceType(TargetFixtures.SMALL).weightedCapacity(1.0).build())))
                .spotFleetRequestId();
        assertThat("one 4-unit instance at target 4", weights("spot-fleet", fleet), is(List.of(4)));
        Set<String> before = running(fleet);
        ObjectNode input = input("spot-fleet", fleet, "drain-none-light", 0, null);

        Execution run = run("drain-none-light", input);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?",
                "PlanDrain", "StartDrain", "DrainStarted?", "Notify", "AnotherRound?", "RecoveryBeforeDone?", "Done")));
        assertThat(emulator.aws().targetCapacity(fleet), is(1));
        assertThat("noTermination: the 4-unit instance runs on", running(fleet), is(before));
        Notification n = single(emulator.awaitNotifications(1, RUN));
        assertThat(n.subject(), is(fleet + " scaled in 4 -> 1, no instance left (backlog 0)"));
        assertThat(n.message().toString(), containsString("no instance weighs 3 units or less"));

        Execution again = run("drain-none-light-2", input);

        assertThat(again.summary(), again.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat("no scale-in decided again", again.states(), not(hasItem("PlanDrain")));
        assertThat(again.states(), not(hasItem("Notify")));
        assertThat(emulator.aws().targetCapacity(fleet), is(1));
        assertThat(emulator.notifications(), is(List.of()));
    }

    @Test
    void anAutoScalingGroupKeepsItsDesiredCapacityUntilTheDrainedInstancesAreTerminated() throws Exception {
        try (TargetFixtures targets = new TargetFixtures(emulator.aws())) {
            String group = targets.createWeightedGroup(8, 0, 12);
            targets.attach(group, TargetFixtures.SMALL);
            targets.setDesired(group, 9);
            List<Integer> desiredWhileDraining = new ArrayList<>();
            playWorkers(ids -> {
                desiredWhileDraining.add(targets.desired(group));
                ids.forEach(id -> tag(id, DrainInstance.DRAINED_TAG));
            });

            Execution run = run("drain-asg", input("auto-scaling-group", group, "drain-asg", 0, null));

            assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
            assertThat(run.states(), is(DRAIN));
            assertThat(desiredWhileDraining, is(List.of(9)));
            assertThat(targets.desired(group), is(1));
            assertThat(single(emulator.awaitNotifications(1, RUN)).subject(),
                    startsWith(group + " scaled in 9 -> 1, drained 2 instances (8 units) in "));
        }
    }

    @Test
    void aDrainWhoseExecutionDiedIsResumedByTheNextExecutionBeforeItDecidesAnything() throws Exception {
        String fleet = emulator.aws().createMaintainFleet(3);
        Target target = Target.spotFleet(fleet);
        ObjectNode input = input("spot-fleet", fleet, "drain-resume", 0, null);
        // An execution started this drain (3 -> 1), terminated at a check the one instance that had reported,
        // and died: the target and the other instance are tagged, the fleet lowered with noTermination, and
        // nobody will check or finish it. The target's tag carries the count of the instance already gone.
        DrainReport started = coordinator.start(target, 3, 1, "dead-execution#1");
        assertThat(emulator.aws().tag(fleet, FleetSnapshot.DRAIN_STARTED_TAG).isPresent(), is(true));
        tag(started.instanceIds().get(0), DrainInstance.DRAINED_TAG);
        ScalingPolicy policy = ScalingPolicy.builder().minCapacity(1).maxCapacity(20).backlogPerUnit(10)
                .scaleIn(ScaleInMode.DRAIN).build();
        assertThat(coordinator.check(target, input.get("queueUrl").asText(), policy, "dead-execution").outcome(),
                is(DrainOutcome.WAITING));
        assertThat(running(fleet).size(), is(2));
        assertThat(emulator.aws().tag(fleet, FleetSnapshot.DRAIN_STARTED_TAG).orElse(""),
                containsString(" drained=1 unannounced=0 timedOut=0 units=1"));
        tag(started.instanceIds().get(1), DrainInstance.DRAINED_TAG);

        Execution run = run("drain-resume", input);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?",
                "PlanResume", "CheckDrain", "DrainDone?", "FinishDrain", "Notify", "AnotherRound?", "RecoveryBeforeDone?", "Done")));
        assertThat(running(fleet).size(), is(1));
        assertThat(emulator.aws().targetCapacity(fleet), is(1));
        assertThat(taggedDraining(fleet), is(List.of()));
        assertThat("no drain under way any more", emulator.aws().tag(fleet, FleetSnapshot.DRAIN_STARTED_TAG),
                is(Optional.empty()));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(),
                startsWith(fleet + " scaled in 3 -> 1, drained 2 instances (2 units) in "));
    }

    @Test
    void aDrainAnotherExecutionStartedSinceTheDecisionIsReadAgainAndJoinedNotEndedSilently() throws Exception {
        String fleet = emulator.aws().createMaintainFleet(4);
        Target target = Target.spotFleet(fleet);
        ObjectNode input = input("spot-fleet", fleet, "drain-overlap", 0, null);
        // The sandbox's overlap: after this execution decided 4 -> 1, and before its StartDrain, the schedule's
        // execution started a drain of its own (4 -> 2) whose two workers are already idle. Before, this execution
        // found the target changed, ended in NothingToDrain, and left that drain to the next execution.
        String function = AutoscalerWorkflow.FUNCTION_PREFIX + "-drain";
        LambdaInvokeServer.LambdaFunction drain = HandlerFunctions.function("drain", function);
        AtomicBoolean otherDrain = new AtomicBoolean(true);
        emulator.lambda().register(function, payload -> {
            if (JSON.readTree(payload).path("action").asText().equals("start") && otherDrain.getAndSet(false)) {
                coordinator.start(target, 4, 2, "schedule-overlap#1").instanceIds()
                        .forEach(id -> tag(id, DrainInstance.DRAINED_TAG));
            }
            return drain.invoke(payload);
        });

        Execution run = run("drain-overlap", input);

        assertThat(run.summary(), run.status(), is(ExecutionStatus.SUCCEEDED));
        assertThat(run.states(), is(List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?",
                "PlanDrain", "StartDrain", "DrainStarted?", "CountDrainRecheck", "DrainRecheckAllowed?",
                "ReadCapacity", "Decide", "ScaleNeeded?", "PlanResume", "CheckDrain", "DrainDone?", "FinishDrain",
                "Notify", "AnotherRound?", "RecoveryBeforeDone?", "Done")));
        assertThat("the history says why it read again", stateOutput(run, "StartDrain"), containsString(
                "it asks for 2 now (another execution changed it, and its drain is under way), so nothing was changed"
                        + " here: read the target and the queue again and decide again, joining that drain."));
        assertThat(running(fleet).size(), is(2));
        assertThat(emulator.aws().targetCapacity(fleet), is(2));
        assertThat(taggedDraining(fleet), is(List.of()));
        assertThat(single(emulator.awaitNotifications(1, RUN)).subject(),
                startsWith(fleet + " scaled in 4 -> 2, drained 2 instances (2 units) in "));
    }

    /** The output of the first time {@code state} was left. */
    private static String stateOutput(Execution run, String state) {
        return run.events().stream().filter(e -> e.stateExitedEventDetails() != null
                && e.stateExitedEventDetails().name().equals(state)).map(e -> e.stateExitedEventDetails().output())
                .findFirst().orElseThrow(() -> new AssertionError(state + " was never left: " + run.summary()));
    }

    // ---- helpers

    private ObjectNode input(String kind, String id, String queueName, int backlog, Long drainTimeoutSeconds) {
        announceWorkers();
        String queueUrl = emulator.aws().createQueue("jobs-" + queueName);
        emulator.sendMessages(queueUrl, backlog);
        ObjectNode input = JSON.createObjectNode();
        input.putObject("target").put("kind", kind).put("id", id);
        input.put("queueUrl", queueUrl);
        ObjectNode policy = input.putObject("policy").put("minCapacity", 1).put("maxCapacity", 20)
                .put("backlogPerUnit", 10).put("scaleInCooldownSeconds", 0).put("scaleOutCooldownSeconds", 0)
                .put("scaleIn", "drain").put("drainCheckSeconds", 1); // look every second: the test's workers are quick
        if (drainTimeoutSeconds != null) {
            policy.put("drainTimeoutSeconds", drainTimeoutSeconds);
        }
        return input;
    }

    /**
     * The workers: once instances carry {@code sfautoscaler:drain}, {@code onDrain} runs once with their
     * ids (as a worker would, within its 2 s poll); the future gives those ids.
     */
    private Future<Set<String>> playWorkers(Consumer<List<String>> onDrain) {
        return workers.submit(() -> {
            Instant until = Instant.now().plus(RUN);
            while (Instant.now().isBefore(until)) {
                List<String> ids = taggedDraining(null);
                if (!ids.isEmpty()) {
                    onDrain.accept(ids);
                    return new HashSet<>(ids);
                }
                Thread.sleep(500);
            }
            throw new AssertionError("no instance was asked to drain within " + RUN);
        });
    }

    private List<String> taggedDraining(String fleetOrNull) {
        Ec2Client ec2 = emulator.aws().ec2();
        List<String> ids = new ArrayList<>();
        ec2.describeInstances(r -> r.filters(Filter.builder().name("tag-key").values(DrainInstance.DRAIN_TAG).build(),
                Filter.builder().name("instance-state-name").values("running", "pending").build()))
                .reservations().forEach(res -> res.instances().forEach(i -> ids.add(i.instanceId())));
        ids.sort(null);
        return fleetOrNull == null ? ids : ids.stream().filter(running(fleetOrNull)::contains).toList();
    }

    /** Every instance's worker announces the contract when it starts (docs/workers.md): tag them all. */
    private void announceWorkers() {
        List<String> ids = new ArrayList<>();
        emulator.aws().ec2().describeInstances(r -> r.filters(
                Filter.builder().name("instance-state-name").values("running", "pending").build()))
                .reservations().forEach(res -> res.instances().forEach(i -> ids.add(i.instanceId())));
        if (!ids.isEmpty()) {
            emulator.aws().ec2().createTags(r -> r.resources(ids)
                    .tags(Tag.builder().key(DrainInstance.WORKER_TAG).value("drain").build()));
        }
    }

    private void tag(String instanceId, String key) {
        emulator.aws().ec2().createTags(r -> r.resources(instanceId)
                .tags(Tag.builder().key(key).value(Instant.now().toString()).build()));
    }

    private Set<String> running(String fleet) {
        Set<String> ids = new HashSet<>();
        emulator.aws().ec2().describeSpotFleetInstances(r -> r.spotFleetRequestId(fleet)).activeInstances()
                .forEach(a -> ids.add(a.instanceId()));
        Set<String> live = new HashSet<>();
        if (ids.isEmpty()) {
            return live;
        }
        emulator.aws().ec2().describeInstances(r -> r.instanceIds(ids)).reservations()
                .forEach(res -> res.instances().stream().filter(DrainScenariosTest::live)
                        .forEach(i -> live.add(i.instanceId())));
        return live;
    }

    private static boolean live(Instance i) {
        String state = i.state().nameAsString();
        return state.equals("running") || state.equals("pending");
    }

    private Execution run(String name, ObjectNode input) {
        return emulator.workflow().run(name, input.toString(), RUN);
    }

    private static <T> T single(List<T> items) {
        assertThat("exactly one: " + items, items.size(), is(1));
        return items.get(0);
    }
}
