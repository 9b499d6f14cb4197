package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.ScalingPolicy;
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
        JsonObject o = JsonObject.of(node, fileLabel + ": ");
        String name = o.text("name", defaultName);
        String title = o.text("title", name);
        String description = o.text("description", "");
        long seed = o.integer("seed", 1);
        if (!o.has("sloWaitSeconds")) {
            throw new ScenarioException(o.path("sloWaitSeconds") + " is required (the wait-time target in seconds)");
        }
        long slo = o.positiveInteger("sloWaitSeconds", 0);
        Arrivals arrivals = arrivals(o.object("arrivals"), o.path("arrivals"), seed, baseDir);
        long duration = o.has("durationSeconds") ? o.positiveInteger("durationSeconds", 0)
                : arrivals.seconds() + TRACE_TAIL_SECONDS;
        if (arrivals.seconds() > duration) {
            long lastNonZero = -1;
            for (long s = duration; s < arrivals.seconds(); s++) {
                if (arrivals.at(s) > 0) {
                    lastNonZero = s;
                }
            }
            if (lastNonZero >= 0) {
                throw new ScenarioException(o.path("durationSeconds") + " is " + duration
                        + " but the arrivals continue until second " + lastNonZero);
            }
        }
        Scenario.Plant plant = plant(o.object("plant"), o.path("plant"));
        Scenario.Aws aws = aws(o.objectOrEmpty("aws"));
        JsonObject policyJson = o.objectOrEmpty("policy");
        String policySource = policyJson == null ? "{}" : String.valueOf(o.raw("policy"));
        ScalingPolicy.Builder b = ScalingPolicy.builder();
        boolean bpuGiven = policyJson.has("backlogPerUnit");
        PolicyJson.apply(b, policyJson);
        if (!bpuGiven) {
            b.backlogPerUnit(defaultBacklogPerUnit(slo, plant.processing().meanSeconds()));
        }
        ScalingPolicy policy = PolicyJson.build(b, o.path("policy"));
        o.done();
        if (plant.initialCapacity() < 0) {
            throw new ScenarioException(o.path("plant.initialCapacity") + " must not be negative");
        }
        return new Scenario(name, title, description, seed, duration, slo, arrivals, plant, aws, policy,
                policySource == null || "null".equals(policySource) ? "{}" : policySource);
    }

    /** The documented rule for backlogPerUnit: the wait budget's worth of work per unit. */
    static long defaultBacklogPerUnit(long sloWaitSeconds, double processingSeconds) {
        return Math.max(1, (long) Math.floor(sloWaitSeconds * Scenario.WAIT_BUDGET / processingSeconds));
    }

    static Arrivals arrivals(JsonObject a, String where, long seed, Path baseDir) {
        if (a == null) {
            throw new ScenarioException(where + " is required: {\"trace\": \"file.csv\"} or {\"segments\": [...]}");
        }
        if (a.has("trace")) {
            Path trace = Path.of(a.requireText("trace"));
            if (!trace.isAbsolute() && baseDir != null) {
                trace = baseDir.resolve(trace).normalize();
            }
            a.done();
            return Arrivals.trace(trace);
        }
        boolean poisson = a.bool("poisson", true);
        List<Arrivals.Segment> segments = new ArrayList<>();
        for (JsonObject s : a.objects("segments")) {
            if (!s.has("seconds")) {
                throw new ScenarioException(s.path("seconds") + " is required");
            }
            long seconds = s.positiveInteger("seconds", 0);
            double from;
            double to;
            if (s.has("rate")) {
                from = s.nonNegative("rate", 0);
                to = from;
            } else if (s.has("from") || s.has("to")) {
                from = s.nonNegative("from", 0);
                to = s.nonNegative("to", 0);
            } else {
                throw new ScenarioException(s.where() + " needs \"rate\" or \"from\"/\"to\" (messages per second)");
            }
            double amplitude = 0;
            double period = 1;
            JsonObject sine = s.object("sine");
            if (sine != null) {
                amplitude = sine.nonNegative("amplitude", 0);
                period = sine.positive("periodSeconds", 86_400);
                sine.done();
            }
            long spikeMessages = 0;
            long spikeSeconds = 1;
            double gap = 1;
            JsonObject spikes = s.object("spikes");
            if (spikes != null) {
                spikeMessages = spikes.positiveInteger("messages", 1);
                spikeSeconds = spikes.positiveInteger("spikeSeconds", 60);
                gap = spikes.positive("meanGapSeconds", 3600);
                spikes.done();
            }
            s.done();
            segments.add(new Arrivals.Segment(seconds, from, to, amplitude, period, spikeMessages, spikeSeconds, gap));
        }
        if (segments.isEmpty()) {
            throw new ScenarioException(where + ".segments must list at least one segment");
        }
        a.done();
        return Arrivals.generated(segments, poisson, seed);
    }

    static Scenario.Plant plant(JsonObject p, String where) {
        if (p == null) {
            throw new ScenarioException(where + " is required (at least processingSeconds)");
        }
        Scenario.Processing processing;
        JsonNode raw = p.raw("processingSeconds");
        if (raw == null || raw.isNull()) {
            throw new ScenarioException(p.path("processingSeconds") + " is required (seconds per message per unit)");
        } else if (raw.isNumber()) {
            processing = new Scenario.Processing(p.positive("processingSeconds", 1), "exponential", 1);
        } else {
            JsonObject pr = p.object("processingSeconds");
            double mean = pr.requirePositive("mean");
            String dist = pr.text("distribution", "exponential");
            if (!List.of("fixed", "exponential", "lognormal").contains(dist)) {
                throw new ScenarioException(pr.path("distribution") + " must be fixed, exponential or lognormal; got '"
                        + dist + "'");
            }
            double cv = pr.positive("cv", 0.5);
            pr.done();
            processing = new Scenario.Processing(mean, dist, cv);
        }
        int initial = (int) p.nonNegativeInteger("initialCapacity", 1);
        double fMin = 20;
        double fMax = 60;
        JsonObject f = p.object("fulfilmentSeconds");
        if (f != null) {
            fMin = f.nonNegative("min", fMin);
            fMax = f.nonNegative("max", Math.max(fMin, fMax));
            f.done();
            if (fMax < fMin) {
                throw new ScenarioException(f.path("max") + " must not be below min (" + fMax + " < " + fMin + ")");
            }
        }
        double boot = p.nonNegative("bootSeconds", 60);
        double drain = p.nonNegative("drainSeconds", 0);
        double vt = p.positive("visibilityTimeoutSeconds", 30);
        double modifying = p.nonNegative("fleetModifyingSeconds", 10);
        double rate = 0;
        List<Scenario.Storm> storms = new ArrayList<>();
        JsonObject in = p.object("interruptions");
        if (in != null) {
            rate = in.nonNegative("perInstanceHour", 0);
            for (JsonObject s : in.objects("storms")) {
                long start = s.nonNegativeInteger("startSecond", 0);
                long end = s.positiveInteger("endSecond", 1);
                if (end <= start) {
                    throw new ScenarioException(s.path("endSecond") + " must be after startSecond");
                }
                storms.add(new Scenario.Storm(start, end, s.nonNegative("perInstanceHour", 0)));
                s.done();
            }
            in.done();
        }
        p.done();
        return new Scenario.Plant(processing, initial, fMin, fMax, boot, drain, vt, modifying, rate, List.copyOf(storms));
    }

    static Scenario.Aws aws(JsonObject a) {
        Scenario.Aws aws = new Scenario.Aws(
                a.nonNegative("sqsMetricLagSeconds", 60),
                a.nonNegative("customMetricLagSeconds", 10),
                a.positive("queueInactiveAfterSeconds", 6 * 3600),
                a.nonNegative("metricsWakeUpSeconds", 900),
                (int) a.nonNegativeInteger("evaluationRangeExtraPeriods", 2),
                a.nonNegative("eventDelaySeconds", 2),
                a.nonNegative("taskSeconds", 1));
        a.done();
        return aws;
    }
}
