package dev.sfautoscaler.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Messages sent in each simulated second: read from a trace file ({@code second,arrivals}) or
 * generated from segments. Generated arrivals are Poisson counts around the segment's rate when
 * {@code poisson} is set, otherwise the rate is rounded with a carry so that the totals are exact.
 */
public final class Arrivals {

    /** One stretch of generated traffic. */
    record Segment(long seconds, double from, double to, double sineAmplitude, double sinePeriodSeconds,
            long spikeMessages, long spikeSeconds, double spikeMeanGapSeconds) {

        double rateAt(long offset) {
            double base = seconds <= 1 ? from : from + (to - from) * offset / (double) (seconds - 1);
            if (sineAmplitude != 0) {
                base += sineAmplitude * Math.sin(2 * Math.PI * offset / sinePeriodSeconds);
            }
            return Math.max(0, base);
        }
    }

    private final String source;
    private final long[] perSecond;
    private final List<Segment> segments;
    private final boolean poisson;

    private Arrivals(String source, long[] perSecond, List<Segment> segments, boolean poisson) {
        this.source = source;
        this.perSecond = perSecond;
        this.segments = segments;
        this.poisson = poisson;
    }

    static Arrivals generated(List<Segment> segments, boolean poisson, long seed) {
        long total = 0;
        for (Segment s : segments) {
            total += s.seconds();
        }
        if (total > 30L * 86_400) {
            throw new ScenarioException("generated arrivals cover " + total + " s; at most 30 days are supported");
        }
        long[] counts = new long[(int) total];
        SplittableRandom noise = Streams.of(seed, Streams.ARRIVALS);
        SplittableRandom spikes = Streams.of(seed, Streams.SPIKES);
        int t = 0;
        double carry = 0;
        for (Segment s : segments) {
            double[] rate = new double[(int) s.seconds()];
            for (int i = 0; i < rate.length; i++) {
                rate[i] = s.rateAt(i);
            }
            if (s.spikeMessages() > 0) {
                double perSecond = s.spikeMessages() / (double) s.spikeSeconds();
                double at = Streams.exponential(spikes, s.spikeMeanGapSeconds());
                while (at < rate.length) {
                    for (int i = (int) at; i < Math.min(rate.length, (int) at + s.spikeSeconds()); i++) {
                        rate[i] += perSecond;
                    }
                    at += s.spikeSeconds() + Streams.exponential(spikes, s.spikeMeanGapSeconds());
                }
            }
            for (double r : rate) {
                if (poisson) {
                    counts[t++] = Streams.poisson(noise, r);
                } else {
                    double want = r + carry;
                    long n = (long) Math.floor(want);
                    carry = want - n;
                    counts[t++] = n;
                }
            }
        }
        String what = segments.size() + " generated segment" + (segments.size() > 1 ? "s" : "")
                + (poisson ? ", Poisson counts" : ", exact counts");
        return new Arrivals(what, counts, List.copyOf(segments), poisson);
    }

    /** Reads {@code second,arrivals} rows; seconds must increase; missing seconds have no arrivals. */
    static Arrivals trace(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException("cannot read trace " + file + ": " + e.getMessage(), e);
        }
        List<long[]> rows = new ArrayList<>();
        long last = -1;
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split(",", -1);
            if (first && cols.length == 2 && cols[0].trim().equalsIgnoreCase("second")) {
                first = false;
                continue;
            }
            first = false;
            String at = file + ":" + (i + 1) + ": ";
            if (cols.length != 2) {
                throw new ScenarioException(at + "expected 'second,arrivals'; got '" + line + "'");
            }
            long second;
            long count;
            try {
                second = Long.parseLong(cols[0].trim());
                count = Long.parseLong(cols[1].trim());
            } catch (NumberFormatException e) {
                throw new ScenarioException(at + "second and arrivals must be whole numbers; got '" + line + "'");
            }
            if (second < 0 || count < 0) {
                throw new ScenarioException(at + "second and arrivals must not be negative; got '" + line + "'");
            }
            if (second <= last) {
                throw new ScenarioException(at + "seconds must increase; " + second + " comes after " + last);
            }
            if (second >= 30L * 86_400) {
                throw new ScenarioException(at + "second " + second + " is beyond the 30 days supported");
            }
            last = second;
            rows.add(new long[] {second, count});
        }
        if (rows.isEmpty()) {
            throw new ScenarioException(file + " has no 'second,arrivals' rows");
        }
        long[] counts = new long[(int) last + 1];
        for (long[] r : rows) {
            counts[(int) r[0]] = r[1];
        }
        return new Arrivals("trace " + file.getFileName(), counts, List.of(), false);
    }

    /** Same traffic shape with another seed (a trace does not change). */
    Arrivals reseeded(long seed) {
        return segments.isEmpty() ? this : generated(segments, poisson, seed);
    }

    public String source() {
        return source;
    }

    public long seconds() {
        return perSecond.length;
    }

    public long at(long second) {
        return second < perSecond.length ? perSecond[(int) second] : 0;
    }

    public long total() {
        long sum = 0;
        for (long c : perSecond) {
            sum += c;
        }
        return sum;
    }
}
