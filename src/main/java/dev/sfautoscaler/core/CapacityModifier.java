package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.CapacityChanged;
import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.error.FleetNotInModifiableState;
import dev.sfautoscaler.core.error.FleetNotScalable;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.port.FleetLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guarded capacity change. Re-reads the fleet first and refuses when the fleet cannot be
 * modified, is busy, or changed since the decision; then modifies and records the change. A
 * failure to record after a successful modification is reported as a warning, never as a
 * failure that would hide the change. A fleet that already asks for the target is taken as an
 * earlier attempt that got through: nothing is modified again, a missing marker is written.
 *
 * <p>Two guards stand before that. The deployment's {@link GuardBounds} refuse a target outside
 * them before anything is read or written. The fleet's lease ({@link FleetLeases}) makes the
 * read-compare-modify-record sequence exclusive among executions: it is taken before the fleet is
 * read (another holder: {@code FleetBusy}, which the workflow retries), given back after the marker
 * is written, also on failure, and lapses by itself after the invocation's remaining time plus
 * {@link #LEASE_MARGIN}, when Lambda has stopped its holder. What no lease can exclude is a change
 * made outside the autoscaler; the fleet is read again after the change, and the outcome says
 * {@code overwritten} when it no longer asks for what was written.
 */
public final class CapacityModifier {

    /** How much longer than its holder's invocation a lease lasts. */
    public static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    static final String NOT_SERIALISED = "AUTOSCALER_STATE_TABLE is not set: concurrent executions on this fleet are"
            + " not serialised (no lease), so two changes at the same moment can overwrite each other";

    private final FleetGateway fleets;
    private final Optional<FleetLeases> leases;
    private final GuardBounds guard;
    private final Clock clock;

    /** Without a lease or guard bounds; every outcome warns of both. */
    public CapacityModifier(FleetGateway fleets, Clock clock) {
        this(fleets, Optional.empty(), GuardBounds.unset(), clock);
    }

    public CapacityModifier(FleetGateway fleets, Optional<FleetLeases> leases, GuardBounds guard, Clock clock) {
        this.fleets = fleets;
        this.leases = leases;
        this.guard = guard;
        this.clock = clock;
    }

    /** {@link #modify(ModifyRequest, Invocation)} outside Lambda. */
    public ModifyOutcome modify(ModifyRequest request) {
        return modify(request, Invocation.local());
    }

    /** Guard bounds, then the lease (not for a dry run, which writes nothing), then the guarded change. */
    public ModifyOutcome modify(ModifyRequest request, Invocation invocation) {
        return modifyGuarded(request, invocation).withTargetKind(request.targetKind());
    }

    private ModifyOutcome modifyGuarded(ModifyRequest request, Invocation invocation) {
        guard.check(request.fleetId(), request.to());
        List<String> configuration = new ArrayList<>();
        guard.warning().ifPresent(configuration::add);
        if (request.dryRun()) {
            return modifyHeld(request).withWarningsFirst(configuration);
        }
        if (leases.isEmpty()) {
            configuration.add(NOT_SERIALISED);
            return modifyHeld(request).withWarningsFirst(configuration);
        }
        Instant now = clock.instant();
        String holder = invocation.id() + (request.triggerKey().isBlank() ? "" : " (trigger " + request.triggerKey() + ")");
        Lease wanted = new Lease(request.fleetId(), holder, now.plus(invocation.remaining()).plus(LEASE_MARGIN));
        leases.get().take(wanted, now).ifPresent(other -> {
            throw FleetBusy.leaseHeld(request.fleetId(), other.holder(), other.expiresAt());
        });
        ModifyOutcome outcome;
        try {
            outcome = modifyHeld(request);
        } catch (RuntimeException e) {
            try {
                leases.get().release(request.fleetId(), holder);
            } catch (RuntimeException notReleased) {
                e.addSuppressed(notReleased);
            }
            throw e;
        }
        try {
            leases.get().release(request.fleetId(), holder);
        } catch (RuntimeException e) {
            configuration.add("the fleet's lease was not given back (" + name(e) + ": " + e.getMessage()
                    + "); other executions wait until it lapses at " + wanted.expiresAt());
        }
        return outcome.withWarningsFirst(configuration);
    }

    private ModifyOutcome modifyHeld(ModifyRequest request) {
        FleetSnapshot fleet = fleets.describe(request.target());
        if (fleet.paused()) {
            return paused(request, fleet);
        }
        fleet.notScalableReason().ifPresent(why -> {
            throw new FleetNotScalable(request.fleetId(), why);
        });
        if (fleet.state().isBusy()) {
            throw new FleetBusy(request.fleetId(), fleet.state().wireName());
        }
        String change = request.action().verb() + " " + request.from() + " -> " + request.to();
        if (fleet.targetCapacity() == request.to()) {
            return alreadyApplied(request, fleet, change);
        }
        if (fleet.targetCapacity() != request.from()) {
            throw new CapacityChanged(request.fleetId(), request.from(), fleet.targetCapacity());
        }
        if (request.dryRun()) {
            return outcome(request, true, false, false, false, false, List.of(), "Dry run: would " + change
                    + " on fleet " + request.fleetId() + "; nothing was changed.");
        }
        OnDemandPart onDemandPart = onDemandPart(request, fleet);
        Optional<Integer> onDemand = onDemandPart.send();
        modifyOrExplainRefusal(new ModifyCommand(request.fleetId(), request.to(), onDemand,
                request.excessCapacityTerminationPolicy(), request.targetKind()));
        Instant at = clock.instant();
        List<String> warnings = new ArrayList<>();
        boolean recorded = record(request, at, onDemandPart.toRestore(), warnings);
        boolean overwritten = overwritten(request, warnings);
        return new ModifyOutcome(request.fleetId(), request.action(), request.from(), request.to(),
                onDemand, false, true, false, false, recorded, overwritten, at, warnings,
                request.targetKind().word() + " " + request.fleetId() + " " + request.action().pastTense() + " " + request.from() + " -> "
                        + request.to() + ".");
    }

    /**
     * Paused after the decision (the tag was put on between decide and modify): nothing is written, and
     * the outcome says so; it is no failure.
     */
    private ModifyOutcome paused(ModifyRequest r, FleetSnapshot fleet) {
        String reason = fleet.pausedBy().filter(v -> !v.isBlank()).map(v -> " ('" + Validation.excerpt(v) + "')")
                .orElse("");
        return new ModifyOutcome(r.fleetId(), r.action(), r.from(), r.to(), r.onDemandTargetCapacity(), r.dryRun(),
                false, false, false, false, false, clock.instant(), List.of(),
                (r.dryRun() ? "Dry run: f" : "F") + "leet " + r.fleetId() + " is paused by its tag "
                        + FleetSnapshot.PAUSE_TAG + reason + ", so it was not changed (" + r.action().verb() + " "
                        + r.from() + " -> " + r.to() + " not applied); remove the tag to resume.",
                r.targetKind(), true);
    }

    /**
     * The on-demand part to send with the change, and the share to remember for later.
     *
     * @param send      the on-demand part for ModifySpotFleetRequest; empty to leave it as it is
     * @param toRestore the fleet's configured share while the new target holds its on-demand part below it
     */
    private record OnDemandPart(Optional<Integer> send, Optional<Integer> toRestore) {
    }

    /**
     * EC2 refuses a target below the on-demand part, so a scale-in below it lowers it too; the share the
     * fleet is configured with is then remembered in the marker and restored, as far as the target
     * allows, by later scale-outs (on-demand 4, target 10 -> 2 -> 10 ends with on-demand 4). The
     * remembered share counts only while the fleet's on-demand part is what the autoscaler left (the
     * share, capped at the target): a part changed by someone else since is the new share. The decision's
     * own on-demand part (the policy's onDemandTargetCapacity) always wins. The fleet read just now is the
     * freshest view of the on-demand part.
     */
    private static OnDemandPart onDemandPart(ModifyRequest request, FleetSnapshot fleet) {
        int current = fleet.onDemandTargetCapacity();
        int configured = fleet.lastChange().flatMap(LastChange::onDemandToRestore)
                .filter(share -> current == Math.min(share, fleet.targetCapacity()))
                .orElse(current);
        int wanted = request.onDemandTargetCapacity().orElse(Math.min(configured, request.to()));
        Optional<Integer> send = request.onDemandTargetCapacity().isPresent() || wanted != current
                ? Optional.of(wanted) : Optional.empty();
        return new OnDemandPart(send, wanted < configured ? Optional.of(configured) : Optional.empty());
    }

    /**
     * Reads the fleet again after the change. A lease keeps other executions out, not a person in the
     * console or another tool: when the fleet asks for neither the target written nor, while EC2 is
     * still applying it, the old one, something else changed it at the same moment. The marker still
     * describes this change, which did happen; the next evaluation decides against the fleet as it is.
     */
    private boolean overwritten(ModifyRequest request, List<String> warnings) {
        FleetSnapshot now;
        try {
            now = fleets.describe(request.target());
        } catch (RuntimeException e) {
            warnings.add("the fleet could not be read again after the change (" + name(e) + ": " + e.getMessage()
                    + "); whether another change landed at the same moment is not known");
            return false;
        }
        int target = now.targetCapacity();
        boolean stillApplying = now.state().isBusy() && target == request.from();
        if (target == request.to() || stillApplying) {
            return false;
        }
        warnings.add("read again right after this change, the fleet asks for " + target + ", not " + request.to()
                + ": a change made outside the autoscaler (console, another tool) landed at the same moment;"
                + " the next evaluation decides against " + target);
        return true;
    }

    private static String name(RuntimeException e) {
        return e instanceof AutoscalerException a ? a.errorName() : e.getClass().getSimpleName();
    }

    /**
     * The fleet already asks for the target: an earlier attempt got through (a retry after a timeout,
     * a redelivery, or another execution that decided the same change). If no marker shows that
     * change, the attempt died before writing it: write it now, or cooldowns and duplicate detection
     * would never see the change. A marker that shows it, under any trigger, is left alone; when it
     * names another trigger, the execution of that trigger made the change and reports it, so the
     * outcome says so and {@code notify} does not announce the same change twice.
     */
    private ModifyOutcome alreadyApplied(ModifyRequest request, FleetSnapshot fleet, String change) {
        Optional<LastChange> marker = fleet.lastChange().filter(c -> c.action() == request.action()
                && c.from() == request.from() && c.to() == request.to());
        boolean byAnotherTrigger = marker.filter(c -> !c.triggerId().equals(request.triggerKey())).isPresent();
        String summary = request.targetKind().word() + " " + request.fleetId() + " already asks for " + request.to() + "; "
                + (byAnotherTrigger ? "another execution (trigger " + marker.get().triggerId() + ") applied the "
                        : "an earlier attempt applied the ")
                + change + ".";
        if (request.dryRun()) {
            return outcome(request, true, true, true, byAnotherTrigger, marker.isPresent(), List.of(),
                    "Dry run: " + summary + " Nothing was changed.");
        }
        List<String> warnings = new ArrayList<>();
        boolean recorded = marker.isPresent() || record(request, clock.instant(),
                fleet.lastChange().flatMap(LastChange::onDemandToRestore), warnings);
        return outcome(request, false, true, true, byAnotherTrigger, recorded, warnings, summary);
    }

    /**
     * EC2 refuses a modification with {@code FleetNotInModifiableState} while the fleet is applying
     * another change: another execution (the schedule and an alarm at the same moment) modified it
     * between this re-read and this call. The fleet is read again: when it is {@code modifying} or
     * {@code submitted} the refusal is {@link FleetBusy}, which the workflow retries, and the retry
     * finds the other change (applied, or one to decide against); otherwise the refusal stands.
     */
    private void modifyOrExplainRefusal(ModifyCommand command) {
        try {
            fleets.modify(command);
        } catch (FleetNotInModifiableState refused) {
            FleetSnapshot now;
            try {
                now = fleets.describe(command.target());
            } catch (RuntimeException unreadable) {
                refused.addSuppressed(unreadable);
                throw refused;
            }
            if (now.state().isBusy()) {
                throw new FleetBusy(command.fleetId(), now.state().wireName());
            }
            throw refused;
        }
    }

    /**
     * Writes the marker; a failure becomes a warning, because the change itself has been made. The
     * marker is dated when the change was asked for (its trigger), not {@code madeAt}: the next
     * evaluation's cooldown then counts from the same clock its own trigger runs on, and a one-minute
     * schedule with a one-minute cooldown is not held back by the seconds the tasks between a tick
     * and its change take (check, read, decide, retries). A time after {@code madeAt} is not believed.
     */
    private boolean record(ModifyRequest request, Instant madeAt, Optional<Integer> onDemandToRestore,
            List<String> warnings) {
        Instant at = request.askedAt().filter(asked -> !asked.isAfter(madeAt)).orElse(madeAt);
        try {
            fleets.recordChange(request.target(), new LastChange(at, request.action(), request.from(),
                    request.to(), request.triggerKey(), onDemandToRestore));
            return true;
        } catch (RuntimeException e) {
            warnings.add("the change was applied but not recorded (" + name(e) + ": " + e.getMessage()
                    + "); cooldowns and duplicate detection will not see it"
                    + onDemandToRestore.map(n -> ", and a later scale-out will not restore the on-demand part of "
                            + n).orElse(""));
            return false;
        }
    }

    private ModifyOutcome outcome(ModifyRequest r, boolean dryRun, boolean applied, boolean alreadyApplied,
            boolean byAnotherTrigger, boolean recorded, List<String> warnings, String summary) {
        return new ModifyOutcome(r.fleetId(), r.action(), r.from(), r.to(), r.onDemandTargetCapacity(), dryRun,
                applied, alreadyApplied, byAnotherTrigger, recorded, clock.instant(), warnings, summary);
    }
}
