package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.CapacityChanged;
import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.error.FleetNotInModifiableState;
import dev.sfautoscaler.core.error.FleetNotScalable;
import dev.sfautoscaler.core.port.FleetGateway;
import java.time.Clock;
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
 */
public final class CapacityModifier {

    private final FleetGateway fleets;
    private final Clock clock;

    public CapacityModifier(FleetGateway fleets, Clock clock) {
        this.fleets = fleets;
        this.clock = clock;
    }

    public ModifyOutcome modify(ModifyRequest request) {
        FleetSnapshot fleet = fleets.describe(request.fleetId());
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
        // The fleet read just now is the freshest view of its on-demand part: EC2 refuses a target below it.
        Optional<Integer> onDemand = request.onDemandTargetCapacity()
                .or(() -> fleet.onDemandTargetCapacity() > request.to() ? Optional.of(request.to()) : Optional.empty());
        modifyOrExplainRefusal(new ModifyCommand(request.fleetId(), request.to(), onDemand,
                request.excessCapacityTerminationPolicy()));
        Instant at = clock.instant();
        List<String> warnings = new ArrayList<>();
        boolean recorded = record(request, at, warnings);
        return new ModifyOutcome(request.fleetId(), request.action(), request.from(), request.to(),
                onDemand, false, true, false, false, recorded, at, warnings,
                "Fleet " + request.fleetId() + " " + request.action().pastTense() + " " + request.from() + " -> "
                        + request.to() + ".");
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
        String summary = "Fleet " + request.fleetId() + " already asks for " + request.to() + "; "
                + (byAnotherTrigger ? "another execution (trigger " + marker.get().triggerId() + ") applied the "
                        : "an earlier attempt applied the ")
                + change + ".";
        if (request.dryRun()) {
            return outcome(request, true, true, true, byAnotherTrigger, marker.isPresent(), List.of(),
                    "Dry run: " + summary + " Nothing was changed.");
        }
        List<String> warnings = new ArrayList<>();
        boolean recorded = marker.isPresent() || record(request, clock.instant(), warnings);
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
                now = fleets.describe(command.fleetId());
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

    /** Writes the marker; a failure becomes a warning, because the change itself has been made. */
    private boolean record(ModifyRequest request, Instant at, List<String> warnings) {
        try {
            fleets.recordChange(request.fleetId(),
                    new LastChange(at, request.action(), request.from(), request.to(), request.triggerKey()));
            return true;
        } catch (RuntimeException e) {
            String name = e instanceof AutoscalerException a ? a.errorName() : e.getClass().getSimpleName();
            warnings.add("the change was applied but not recorded (" + name + ": " + e.getMessage()
                    + "); cooldowns and duplicate detection will not see it");
            return false;
        }
    }

    private ModifyOutcome outcome(ModifyRequest r, boolean dryRun, boolean applied, boolean alreadyApplied,
            boolean byAnotherTrigger, boolean recorded, List<String> warnings, String summary) {
        return new ModifyOutcome(r.fleetId(), r.action(), r.from(), r.to(), r.onDemandTargetCapacity(), dryRun,
                applied, alreadyApplied, byAnotherTrigger, recorded, clock.instant(), warnings, summary);
    }
}
