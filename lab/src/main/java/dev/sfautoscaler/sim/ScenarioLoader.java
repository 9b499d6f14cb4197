package dev.sfautoscaler.sim;

import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.wire.PolicyFields;
import dev.sfautoscaler.wire.WireObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a scenario file; every error names the file and the field. */
public final class ScenarioLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seconds simulated after the last arrival of a trace when the scenario gives no duration. */
    static final long TRACE_TAIL_SECONDS = 1800;

    private ScenarioLoader() {
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ScenarioException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static Scenario load(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        return parse(readJson(file), stem, file.toString(), file.toAbsolutePath().getParent());
    }

    static Scenario parse(JsonNode node, String defaultName, String fileLabel, Path baseDir) {
        WireObject o = ScenarioException.object(node, fileLabel, "");
        String name = o.optionalText("name").orElse(defaultName);
        String title = o.optionalText("title").orElse(name);
        String description = o.optionalText("description").orElse("");
        long seed = o.optionalWhole("seed").orElse(1L);
        long slo = o.optionalPositiveCount("sloWaitSeconds")
                .orElseThrow(() -> o.invalid("sloWaitSeconds", "is required (the wait-time target in seconds)"));
        Arrivals arrivals = arrivals(o.optionalObject("arrivals").orElse(null), o, seed, baseDir);
        long duration = o.has("durationSeconds") ? o.optionalPositiveCount("durationSeconds").orElseThrow()
                : arrivals.seconds() + TRACE_TAIL_SECONDS;
        if (arrivals.seconds() > duration) {
            long lastNonZero = -1;
            for (long s = duration; s < arrivals.seconds(); s++) {
                if (arrivals.at(s) > 0) {
                    lastNonZero = s;
                }
            }
            if (lastNonZero >= 0) {
                throw o.invalid("durationSeconds", "is " + duration + " but the arrivals continue until second "
                        + lastNonZero);
            }
        }
        Scenario.Plant plant = plant(o.optionalObject("plant")
                .orElseThrow(() -> o.invalid("plant", "is required (at least processingSeconds)")));
        Scenario.Aws aws = aws(o.objectOrEmpty("aws"));
        String policySource = o.has("policy") ? String.valueOf(o.raw("policy")) : "{}";
        WireObject policyJson = o.objectOrEmpty("policy");
        ScalingPolicy.Builder b = PolicyFields.apply(policyJson, ScalingPolicy.builder());
        if (!policyJson.has("backlogPerUnit")) {
            b.backlogPerUnit(defaultBacklogPerUnit(slo, plant.processing().meanSeconds()));
        }
        ScalingPolicy policy = policyJson.build(b::build);
        ZonedDateTime startsAt = o.optionalText("startsAt").map(t -> {
            try {
                return ZonedDateTime.parse(t.trim());
            } catch (DateTimeParseException e) {
                throw o.invalid("startsAt", "must be an ISO-8601 date-time with its offset and zone, e.g."
                        + " 2026-01-05T06:00+01:00[Europe/Paris]; got '" + t + "'");
            }
        }).orElse(null);
        o.done();
        return new Scenario(name, title, description, seed, duration, slo, arrivals, plant, aws, policy, policySource,
                startsAt);
    }

    /** The documented rule for backlogPerUnit: the wait budget's worth of work per unit. */
    static long defaultBacklogPerUnit(long sloWaitSeconds, double processingSeconds) {
        return Math.max(1, (long) Math.floor(sloWaitSeconds * Scenario.WAIT_BUDGET / processingSeconds));
    }

    static Arrivals arrivals(WireObject a, WireObject scenario, long seed, Path baseDir) {
        if (a == null) {
            throw scenario.invalid("arrivals", "is required: {\"trace\": \"file.csv\"} or {\"segments\": [...]}");
        }
        if (a.has("trace")) {
            Path trace = Path.of(a.text("trace"));
            if (!trace.isAbsolute() && baseDir != null) {
                trace = baseDir.resolve(trace).normalize();
            }
            a.done();
            return Arrivals.trace(trace);
        }
        boolean poisson = a.flag("poisson", true);
        List<Arrivals.Segment> segments = new ArrayList<>();
        for (WireObject s : a.objects("segments")) {
            long seconds = s.optionalPositiveCount("seconds").orElseThrow(() -> s.invalid("seconds", "is required"));
            double from;
            double to;
            if (s.has("rate")) {
                from = s.optionalAmount("rate").orElseThrow();
                to = from;
            } else if (s.has("from") || s.has("to")) {
                from = s.optionalAmount("from").orElse(0.0);
                to = s.optionalAmount("to").orElse(0.0);
            } else {
                throw s.invalid("needs \"rate\" or \"from\"/\"to\" (messages per second)");
            }
            double amplitude = 0;
            double period = 1;
            WireObject sine = s.optionalObject("sine").orElse(null);
            if (sine != null) {
                amplitude = sine.optionalAmount("amplitude").orElse(0.0);
                period = sine.optionalPositiveAmount("periodSeconds").orElse(86_400.0);
                sine.done();
            }
            long spikeMessages = 0;
            long spikeSeconds = 1;
            double gap = 1;
            WireObject spikes = s.optionalObject("spikes").orElse(null);
            if (spikes != null) {
                spikeMessages = spikes.optionalPositiveCount("messages").orElse(1L);
                spikeSeconds = spikes.optionalPositiveCount("spikeSeconds").orElse(60L);
                gap = spikes.optionalPositiveAmount("meanGapSeconds").orElse(3600.0);
                spikes.done();
            }
            s.done();
            segments.add(new Arrivals.Segment(seconds, from, to, amplitude, period, spikeMessages, spikeSeconds, gap));
        }
        if (segments.isEmpty()) {
            throw a.invalid("segments", "must list at least one segment");
        }
        a.done();
        return Arrivals.generated(segments, poisson, seed);
    }

    static Scenario.Plant plant(WireObject p) {
        Scenario.Processing processing;
        JsonNode raw = p.raw("processingSeconds");
        if (raw == null) {
            throw p.invalid("processingSeconds", "is required (seconds per message per unit)");
        } else if (raw.isNumber()) {
            processing = new Scenario.Processing(p.optionalPositiveAmount("processingSeconds").orElseThrow(),
                    "exponential", 1);
        } else {
            WireObject pr = p.object("processingSeconds");
            double mean = pr.optionalPositiveAmount("mean").orElseThrow(() -> pr.invalid("mean", "is required"));
            String dist = pr.optionalText("distribution").orElse("exponential");
            if (!List.of("fixed", "exponential", "lognormal").contains(dist)) {
                throw pr.invalid("distribution", "must be fixed, exponential or lognormal; got '" + dist + "'");
            }
            double cv = pr.optionalPositiveAmount("cv").orElse(0.5);
            long slowAt = 0;
            double factor = 1;
            WireObject slow = pr.optionalObject("slowdown").orElse(null);
            if (slow != null) {
                slowAt = slow.optionalLongCount("atSecond").orElseThrow(() -> slow.invalid("atSecond", "is required"));
                factor = slow.optionalPositiveAmount("factor").orElseThrow(() -> slow.invalid("factor", "is required"));
                slow.done();
            }
            pr.done();
            processing = new Scenario.Processing(mean, dist, cv, slowAt, factor);
        }
        int initial = p.optionalCount("initialCapacity").orElse(1);
        double fMin = 20;
        double fMax = 60;
        WireObject f = p.optionalObject("fulfilmentSeconds").orElse(null);
        if (f != null) {
            fMin = f.optionalAmount("min").orElse(fMin);
            fMax = f.optionalAmount("max").orElse(Math.max(fMin, fMax));
            f.done();
            if (fMax < fMin) {
                throw f.invalid("max", "must not be below min (" + fMax + " < " + fMin + ")");
            }
        }
        double boot = p.optionalAmount("bootSeconds").orElse(60.0);
        double drain = p.optionalAmount("drainSeconds").orElse(0.0);
        double vt = p.optionalPositiveAmount("visibilityTimeoutSeconds").orElse(30.0);
        double modifying = p.optionalAmount("fleetModifyingSeconds").orElse(10.0);
        double rate = 0;
        List<Scenario.Storm> storms = new ArrayList<>();
        WireObject in = p.optionalObject("interruptions").orElse(null);
        if (in != null) {
            rate = in.optionalAmount("perInstanceHour").orElse(0.0);
            for (WireObject s : in.objects("storms")) {
                long start = s.optionalLongCount("startSecond").orElse(0L);
                long end = s.optionalPositiveCount("endSecond").orElse(1L);
                if (end <= start) {
                    throw s.invalid("endSecond", "must be after startSecond");
                }
                storms.add(new Scenario.Storm(start, end, s.optionalAmount("perInstanceHour").orElse(0.0)));
                s.done();
            }
            in.done();
        }
        TargetKind target = TargetKind.SPOT_FLEET;
        if (p.has("target")) {
            String kind = p.optionalText("target").orElse("");
            target = TargetKind.fromWireOrNull(kind);
            if (target == null) {
                throw p.invalid("target", "must be spot-fleet, ec2-fleet or auto-scaling-group; got '" + kind + "'");
            }
        }
        Scenario.Workers workers = Scenario.Workers.COMPLIANT;
        WireObject w = p.optionalObject("workers").orElse(null);
        if (w != null) {
            double ignore = w.optionalAmount("ignoreDrainFraction").orElse(0.0);
            if (ignore > 1) {
                throw w.invalid("ignoreDrainFraction", "must be between 0 and 1 (the share of workers that ignore "
                        + "a drain); got " + ignore);
            }
            w.done();
            workers = new Scenario.Workers(ignore);
        }
        int fifoGroups = (int) Math.min(Integer.MAX_VALUE, p.optionalLongCount("fifoGroups").orElse(0L));
        p.done();
        return new Scenario.Plant(processing, initial, fMin, fMax, boot, drain, vt, modifying, rate, List.copyOf(storms),
                target, workers, fifoGroups);
    }

    static Scenario.Aws aws(WireObject a) {
        Scenario.Aws aws = new Scenario.Aws(
                a.optionalAmount("sqsMetricLagSeconds").orElse(60.0),
                a.optionalAmount("customMetricLagSeconds").orElse(10.0),
                a.optionalPositiveAmount("queueInactiveAfterSeconds").orElse(6 * 3600.0),
                a.optionalAmount("metricsWakeUpSeconds").orElse(900.0),
                a.optionalCount("evaluationRangeExtraPeriods").orElse(2),
                a.optionalAmount("eventDelaySeconds").orElse(2.0),
                a.optionalAmount("taskSeconds").orElse(1.0));
        a.done();
        return aws;
    }
}
