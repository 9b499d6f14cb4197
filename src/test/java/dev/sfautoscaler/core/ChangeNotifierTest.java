package dev.sfautoscaler.core;

import static dev.sfautoscaler.core.DecisionAssert.assertMentions;
import static dev.sfautoscaler.core.Fixtures.FLEET_ID;
import static dev.sfautoscaler.core.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.error.Throttled;
import dev.sfautoscaler.core.fakes.RecordingNotifier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a person sees in a mail client: a subject line that says what happened, a body that says why. */
class ChangeNotifierTest {

    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:autoscaler:evt-7f3a";

    private final RecordingNotifier notifier = new RecordingNotifier();
    private final ChangeNotifier changes = new ChangeNotifier(notifier);

    private static ScaleDecision scaleOut3To7() {
        return Fixtures.decider().decide(Fixtures.fleet(3), Fixtures.queue(600, 40), Fixtures.scaleOutAlarm(),
                Fixtures.policy().build());
    }

    private static ScaleDecision scaleIn10To5() {
        return Fixtures.decider().decide(Fixtures.fleet(10), Fixtures.queue(500, 0), Fixtures.manual(),
                Fixtures.policy().build());
    }

    private static ModifyOutcome applied(ScaleDecision d, List<String> warnings) {
        return outcome(d, false, false, warnings, "Fleet " + d.fleetId() + " " + d.action().pastTense() + " "
                + d.from() + " -> " + d.to() + ".");
    }

    /** modify's outcome for {@code d}: applied now, or found applied by our earlier attempt or another execution. */
    private static ModifyOutcome outcome(ScaleDecision d, boolean alreadyApplied, boolean byAnotherTrigger,
            List<String> warnings, String summary) {
        return new ModifyOutcome(d.fleetId(), d.action(), d.from(), d.to(), Optional.empty(), false, true,
                alreadyApplied, byAnotherTrigger, warnings.isEmpty(), NOW, warnings, summary);
    }

    private static NotifyRequest request(Outcome outcome, ScaleDecision d, ModifyOutcome m, FailureReport f) {
        return new NotifyRequest(FLEET_ID, outcome, Optional.ofNullable(d), Optional.ofNullable(m),
                Optional.ofNullable(f), Optional.of(EXECUTION));
    }

    @Test
    void a_scale_out_reads_like_what_happened() {
        ScaleDecision d = scaleOut3To7();

        ChangeNotifier.Published p = changes.notify(request(Outcome.SCALED, d, applied(d, List.of()), null));

        assertEquals("sfr-0abc1234def567890 scaled out 3 -> 7 (backlog 640)", p.notification().subject());
        assertEquals(Optional.of("msg-1"), p.messageId());
        assertEquals(Optional.empty(), p.reason());
        assertEquals(List.of(p.notification()), notifier.published());
        assertEquals("Fleet sfr-0abc1234def567890 scaled out 3 -> 7.\n" + d.reason() + "\nExecution: " + EXECUTION,
                p.notification().summary());
        assertEquals(ScaleAction.SCALE_OUT, p.notification().action());
        assertEquals(Optional.of(d), p.notification().decision());
    }

    private static ModifyOutcome appliedByAnotherExecution(ScaleDecision d) {
        return outcome(d, true, true, List.of(), "Fleet " + d.fleetId() + " already asks for " + d.to()
                + "; another execution (trigger evt-other:1) applied the scale out 3 -> 7.");
    }

    @Test
    void a_target_paused_before_modify_is_announced_as_not_changed() {
        ScaleDecision d = scaleOut3To7();
        String summary = "Fleet sfr-0abc1234def567890 is paused by its tag sfautoscaler:paused ('incident 42'), so it"
                + " was not changed (scale out 3 -> 7 not applied); remove the tag to resume.";
        ModifyOutcome paused = new ModifyOutcome(d.fleetId(), d.action(), 3, 7, Optional.empty(), false, false, false,
                false, false, false, NOW, List.of(), summary, TargetKind.SPOT_FLEET, true);

        ChangeNotifier.Published p = changes.notify(request(Outcome.SCALED, d, paused, null));

        assertEquals("sfr-0abc1234def567890 paused: did not scale out 3 -> 7 (backlog 640)", p.notification().subject());
        assertMentions(p.notification().summary(), "is paused by its tag sfautoscaler:paused ('incident 42')");
    }

    @Test
    void a_change_another_execution_made_is_not_announced_twice() {
        // The schedule and an alarm both decided 3 -> 7 at the same moment; the alarm's execution modified first.
        ScaleDecision d = scaleOut3To7();

        ChangeNotifier.Published p = changes.notify(request(Outcome.SCALED, d, appliedByAnotherExecution(d), null));

        assertEquals(List.of(), notifier.published());
        assertEquals(Optional.empty(), p.messageId());
        assertMentions(p.reason().orElseThrow(), "another execution made this change");
        assertEquals("sfr-0abc1234def567890 scaled out 3 -> 7 (backlog 640)", p.notification().subject(), "what it would have said");
    }

    @Test
    void a_retry_of_our_own_change_is_still_announced() {
        ScaleDecision d = scaleOut3To7();
        ModifyOutcome ours = outcome(d, true, false, List.of(), "Fleet sfr-0abc1234def567890 already asks for 7; an earlier"
                + " attempt applied the scale out 3 -> 7.");

        ChangeNotifier.Published p = changes.notify(request(Outcome.SCALED, d, ours, null));

        assertEquals(1, notifier.published().size(), "the attempt that timed out never reached notify");
        assertEquals(Optional.of("msg-1"), p.messageId());
    }

    @Test
    void a_failure_is_announced_even_when_another_execution_made_the_change() {
        ScaleDecision d = scaleOut3To7();

        changes.notify(request(Outcome.FAILED, d, appliedByAnotherExecution(d),
                new FailureReport("dev.sfautoscaler.core.error.Throttled", "CloudWatch DescribeAlarms: Rate exceeded")));

        assertEquals(1, notifier.published().size());
    }

    @Test
    void subjects_for_each_outcome() {
        ScaleDecision out = scaleOut3To7();
        ScaleDecision in = scaleIn10To5();
        ScaleDecision none = Fixtures.decider().decide(Fixtures.fleet(3), Fixtures.queue(300, 0), Fixtures.manual(),
                Fixtures.policy().build());
        ScaleDecision noData = Fixtures.decider().decide(Fixtures.fleet(3), Optional.empty(), Fixtures.manual(),
                Fixtures.policy().build());

        assertEquals("sfr-0abc1234def567890 scaled in 10 -> 5 (backlog 500)",
                subject(request(Outcome.SCALED, in, applied(in, List.of()), null)));
        assertEquals("[dry run] sfr-0abc1234def567890 would scale out 3 -> 7 (backlog 640)",
                subject(request(Outcome.DRY_RUN, out, null, null)));
        assertEquals("sfr-0abc1234def567890 unchanged at 3 (backlog 300)", subject(request(Outcome.NO_CHANGE, none, null, null)));
        assertEquals("sfr-0abc1234def567890 unchanged at 3", subject(request(Outcome.NO_CHANGE, noData, null, null)));
        assertEquals("sfr-0abc1234def567890 scaling failed: FleetBusy", subject(request(Outcome.FAILED, out, null,
                new FailureReport("dev.sfautoscaler.core.error.FleetBusy", "fleet sfr-0abc1234def567890 is in state 'modifying'"))));
    }

    @Test
    void no_change_without_a_decision_claims_no_capacity() {
        assertEquals("sfr-0abc1234def567890 unchanged", subject(new NotifyRequest(FLEET_ID, Outcome.NO_CHANGE, null, null, null,
                null)));
    }

    @Test
    void a_failure_after_the_change_was_applied_says_both() {
        ScaleDecision d = scaleOut3To7();
        FailureReport f = new FailureReport("dev.sfautoscaler.core.error.Throttled", "Publish was throttled");

        Notification n = ChangeNotifier.compose(request(Outcome.FAILED, d, applied(d, List.of()), f));

        assertEquals("sfr-0abc1234def567890 scaled out 3 -> 7, then failed: Throttled", n.subject());
        assertMentions(n.summary(), "The capacity change was applied before the failure: Fleet sfr-0abc1234def567890 scaled out"
                + " 3 -> 7.");
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource(delimiter = '|', textBlock = """
            dev.sfautoscaler.core.error.FleetBusy | FleetBusy
            java.lang.IllegalStateException       | IllegalStateException
            States.Timeout                        | States.Timeout
            Lambda.Unknown                        | Lambda.Unknown
            States.TaskFailed                     | States.TaskFailed
            FleetBusy                             | FleetBusy
            """)
    void a_failure_is_named_the_way_step_functions_and_java_name_it(String error, String shortName) {
        assertEquals(shortName, new FailureReport(error, "").shortName());
        assertEquals("sfr-0abc1234def567890 scaling failed: " + shortName, subject(request(Outcome.FAILED, null, null,
                new FailureReport(error, "cause"))));
    }

    @Test
    void a_dry_run_says_nothing_was_changed() {
        Notification n = ChangeNotifier.compose(request(Outcome.DRY_RUN, scaleOut3To7(), null, null));

        assertTrue(n.summary().startsWith("Dry run: nothing was changed.\n"), n.summary());
    }

    @Test
    void a_failure_names_the_error_and_its_cause_in_the_body() {
        FailureReport f = new FailureReport("dev.sfautoscaler.core.error.Throttled",
                "ModifySpotFleetRequest was throttled by AWS (RequestLimitExceeded: slow down); retry with backoff");

        Notification n = ChangeNotifier.compose(request(Outcome.FAILED, scaleOut3To7(), null, f));

        assertEquals("sfr-0abc1234def567890 scaling failed: Throttled", n.subject());
        assertMentions(n.summary(), "Throttled: ModifySpotFleetRequest was throttled", EXECUTION);
        assertEquals(Optional.of(f), n.failure());
    }

    @Test
    void a_warning_after_the_change_reaches_the_reader() {
        ScaleDecision d = scaleOut3To7();
        ModifyOutcome m = applied(d, List.of("the change was applied but not recorded (AccessDenied: no)"));

        Notification n = ChangeNotifier.compose(request(Outcome.SCALED, d, m, null));

        assertMentions(n.summary(), "applied but not recorded");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            longest fleet id | sfr-0123abcd-4567-89ef-0123-456789abcdef | Throttled
            line breaks     | sfr-0abc1234def567890 | Some.Error\\nwith a second line
            long error name | sfr-0abc1234def567890 | com.example.AVeryLongExceptionNameThatSomeoneThoughtWasAGoodIdeaToWriteDownInFullWithoutAbbreviationAtAll
            """)
    void a_subject_is_always_one_short_line(String name, String fleetId, String error) {
        Notification n = ChangeNotifier.compose(new NotifyRequest(fleetId, Outcome.FAILED, null, null,
                Optional.of(new FailureReport(error.replace("\\n", "\n"), "cause")), null));

        assertTrue(n.subject().length() < 100, "SNS wants fewer than 100 characters; got " + n.subject().length());
        assertFalse(n.subject().chars().anyMatch(Character::isISOControl), n.subject());
        assertTrue(n.subject().startsWith(fleetId.substring(0, 8)), n.subject());
    }

    @Test
    void a_long_subject_is_cut_between_characters_not_inside_one() {
        String prefix = FLEET_ID + " scaling failed: ";
        int room = 95 - prefix.length(); // the subject's 98 characters less the ellipsis: the emoji starts at the cut
        String error = "a".repeat(room) + "\uD83D\uDE00".repeat(10); // emoji: two chars each

        String subject = subject(new NotifyRequest(FLEET_ID, Outcome.FAILED, null, null,
                Optional.of(new FailureReport(error, "")), null));

        assertEquals(prefix + "a".repeat(room) + "...", subject);
    }

    @Test
    void c1_controls_and_unicode_line_separators_do_not_break_the_subject_line() {
        String subject = subject(new NotifyRequest(FLEET_ID, Outcome.FAILED, null, null,
                Optional.of(new FailureReport("Broken\u0085Name\u2028Here", "")), null));

        assertEquals("sfr-0abc1234def567890 scaling failed: Broken Name Here", subject);
    }

    @Test
    void a_publishing_failure_reaches_the_caller() {
        Throttled throttled = new Throttled("Publish", "Throttling", "Rate exceeded");
        notifier.failWith(throttled);

        assertSame(throttled, assertThrows(Throttled.class,
                () -> changes.notify(request(Outcome.NO_CHANGE, scaleOut3To7(), null, null))));
    }

    private static String subject(NotifyRequest r) {
        return ChangeNotifier.compose(r).subject();
    }

    @Test
    void a_drain_another_execution_already_finished_sends_no_mail_of_zero_instances() {
        DrainReport nothingLeft = new DrainReport(Target.spotFleet(FLEET_ID), DrainOutcome.FINISHED, Optional.empty(),
                0, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, "No instance of Spot Fleet " + FLEET_ID + " is left to terminate.");
        NotifyRequest r = new NotifyRequest(FLEET_ID, Outcome.SCALED, Optional.of(scaleIn10To5()), Optional.empty(),
                Optional.empty(), Optional.of(EXECUTION), Optional.empty(), TargetKind.SPOT_FLEET,
                Optional.of(nothingLeft));

        ChangeNotifier.Published p = changes.notify(r);

        assertEquals(Optional.empty(), p.messageId());
        assertEquals(List.of(), notifier.published());
        assertTrue(p.reason().orElseThrow().contains("no instance to terminate"), p.reason().orElseThrow());
    }

    @Test
    void a_fleet_lowered_with_no_instance_to_drain_is_mailed_as_a_scale_in_that_says_why_none_left() {
        String why = "No instance of Spot Fleet " + FLEET_ID + " left for 10 -> 5: no instance weighs 5 units or less;"
                + " the target is lowered 10 -> 5 with noTermination, so AWS terminates none and the 5 units above it"
                + " keep running.";
        DrainReport lowered = new DrainReport(Target.spotFleet(FLEET_ID), DrainOutcome.LOWERED, Optional.empty(),
                10, 5, List.of(), 0, 0, 0, 0, 0, 5, 0, why);
        NotifyRequest r = new NotifyRequest(FLEET_ID, Outcome.SCALED, Optional.of(scaleIn10To5()), Optional.empty(),
                Optional.empty(), Optional.of(EXECUTION), Optional.empty(), TargetKind.SPOT_FLEET,
                Optional.of(lowered));

        ChangeNotifier.Published p = changes.notify(r);

        assertTrue(p.published(), p.reason().orElse(""));
        Notification sent = notifier.published().get(0);
        assertTrue(sent.subject().startsWith(FLEET_ID + " scaled in 10 -> 5, no instance left"), sent.subject());
        assertTrue(sent.summary().contains(why), sent.summary());
    }

    @Test
    void an_ec2_fleets_drain_subject_drops_the_backlog_rather_than_cut_the_time_and_the_body_keeps_both() {
        // The EC2 Fleet sandbox sample read "fleet-... scaled in 7 -> 4, drained 3 instances (3 units) in 3 ...".
        String fleet = "fleet-33d3fe98-c18d-aa11-707a-a5c2554b5cd8";
        String reason = "Drained 3 instances (3 units) in 180 s; EC2 Fleet " + fleet + " 7 -> 4.";
        DrainReport finished = new DrainReport(new Target(TargetKind.EC2_FLEET, fleet), DrainOutcome.FINISHED,
                Optional.of(Instant.parse("2026-12-05T06:00:00Z")), 7, 4, List.of("i-1", "i-2", "i-3"), 3, 3, 0, 0, 0,
                0, 180, reason);
        NotifyRequest r = new NotifyRequest(fleet, Outcome.SCALED, Optional.of(scaleIn10To5()), Optional.empty(),
                Optional.empty(), Optional.of(EXECUTION), Optional.empty(), TargetKind.EC2_FLEET,
                Optional.of(finished));

        Notification n = ChangeNotifier.compose(r);

        assertEquals(fleet + " scaled in 7 -> 4, drained 3 instances (3 units) in 180 s", n.subject());
        assertTrue(n.summary().contains(reason), n.summary());
        assertTrue(n.summary().contains("backlog"), "the decision's sentence, with the backlog: " + n.summary());
    }

    @Test
    void a_drain_subject_with_timed_out_instances_keeps_them_over_the_units() {
        String fleet = "fleet-33d3fe98-c18d-aa11-707a-a5c2554b5cd8";
        DrainReport finished = new DrainReport(new Target(TargetKind.EC2_FLEET, fleet), DrainOutcome.FINISHED,
                Optional.of(Instant.parse("2026-12-05T06:00:00Z")), 12, 6, List.of(), 6, 4, 0, 1, 0, 0, 900,
                "Drained.", 0, 1);
        NotifyRequest r = new NotifyRequest(fleet, Outcome.SCALED, Optional.of(scaleIn10To5()), Optional.empty(),
                Optional.empty(), Optional.of(EXECUTION), Optional.empty(), TargetKind.EC2_FLEET,
                Optional.of(finished));

        assertEquals(fleet + " scaled in 12 -> 6, 4 drained, 1 timed out (backlog 500)",
                ChangeNotifier.compose(r).subject());
    }
}
