package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.sandbox.SandboxRun.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The run on the simulated clock: producers and workers in threads of their own, and on this thread
 * the polls (the fleet every 250 ms, notifications every 250 ms, executions every 400 ms), the
 * schedule at :30 of each minute, and at each minute's end its line, CloudWatch's datapoint and the
 * alarms' evaluation. Events print under the line of the minute they happened in.
 */
final class EventLoop {

    private static final long FLEET_POLL_MILLIS = 250;
    private static final long NOTIFICATION_POLL_MILLIS = 250;
    private static final long EXECUTION_POLL_MILLIS = 400;
    /** EventBridge's schedule fires within the minute, not when CloudWatch evaluates: at :30. */
    private static final double SCHEDULE_OFFSET_SECONDS = 30;
    /** How long the run waits after the workload for running executions to end. */
    private static final long FINISH_NANOS = 30_000_000_000L;

    private final TimeScale time;
    private final Workload workload;
    private final long durationSeconds;
    private final long scheduleSeconds;
    private final ConsolePrinter console;
    private final FleetPoller poller;
    private final Producers producers;
    private final Workers workers;
    private final Triggers triggers;
    private final Executions executions;
    private final NotificationInbox inbox;
    private final FunctionCalls calls;
    private final BooleanSupplier interrupted;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    /** The producers' or the workers' own AWS calls failed: the run stops with it. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;
    /** The workers run on after the workload (their instances do), until {@link #finish} or a failed run. */
    private volatile boolean workersStopping;
    private Thread working;
    /** PAUSE_AT: tags the fleet paused for a range of sandbox time; null without it. */
    private PauseWindow.Switch pause;
    /** The queue's SQS metrics in CloudWatch, each simulated minute; null without. */
    private QueueMetricsPublisher metrics;

    EventLoop(TimeScale time, Workload workload, long durationSeconds, long scheduleSeconds, ConsolePrinter console,
            FleetPoller poller, Producers producers, Workers workers, Triggers triggers, Executions executions,
            NotificationInbox inbox, FunctionCalls calls, BooleanSupplier interrupted) {
        this.time = time;
        this.workload = workload;
        this.durationSeconds = durationSeconds;
        this.scheduleSeconds = scheduleSeconds;
        this.console = console;
        this.poller = poller;
        this.producers = producers;
        this.workers = workers;
        this.triggers = triggers;
        this.executions = executions;
        this.inbox = inbox;
        this.calls = calls;
        this.interrupted = interrupted;
    }

    void pause(PauseWindow.Switch p) {
        pause = p;
    }

    void publish(QueueMetricsPublisher m) {
        metrics = m;
    }

    private void publishMetrics() {
        if (metrics != null) {
            metrics.tick(Instant.now());
        }
    }

    private boolean stopping() {
        return stopping || interrupted.getAsBoolean();
    }

    /** Starts the clock and runs the workload's minutes, or until interrupted; the threads it started have stopped. */
    void run() {
        console.print("Columns    backlog = visible + in flight; target and fulfilled = " + poller.columns() + " in moto; "
                + "running = the units of its instances that have booted and take messages");
        console.print("");
        console.print(" time  backlog visible in-flight  target fulfilled running  last decision");
        time.start();
        calls.startRecording();
        poller.poll(time.now());
        workers.startWithFleet();
        Thread producing = daemon("sandbox-producers", () -> {
            while (!stopping() && producers.hasMore()) {
                producers.sendDue();
                sleep(50);
            }
        });
        working = daemon("sandbox-workers", () -> {
            while (!workersStopping && !interrupted.getAsBoolean()) {
                workers.step();
                sleep(20);
            }
        });
        boolean completed = false;
        long lastFleet = 0;
        long lastNotifications = 0;
        long lastExecutions = 0;
        double nextMinute = 60;
        double nextTick = scheduleSeconds > 0 ? SCHEDULE_OFFSET_SECONDS : Double.POSITIVE_INFINITY;
        try {
            while (!stopping()) {
                double now = time.now();
                if (failure.get() != null) {
                    throw new IllegalStateException("the sandbox's own AWS calls failed: " + failure.get(),
                            failure.get());
                }
                long millis = System.currentTimeMillis();
                if (millis - lastFleet >= FLEET_POLL_MILLIS) {
                    poller.poll(time.now());
                    lastFleet = millis;
                }
                if (pause != null) {
                    pause.tick(now);
                }
                publishMetrics();
                if (now >= nextTick && nextTick < durationSeconds) {
                    triggers.scheduled(nextTick, Instant.now());
                    nextTick += scheduleSeconds;
                }
                if (now >= nextMinute) {
                    // The minute's line shows the fleet as it is now, not as of the last poll.
                    poller.poll(time.now());
                    lastFleet = millis;
                    minute(nextMinute);
                    nextMinute += 60;
                    if (nextMinute > durationSeconds) {
                        break;
                    }
                }
                if (millis - lastNotifications >= NOTIFICATION_POLL_MILLIS) {
                    inbox.poll();
                    lastNotifications = millis;
                }
                if (millis - lastExecutions >= EXECUTION_POLL_MILLIS) {
                    executions.poll();
                    lastExecutions = millis;
                }
                // What happened after the minute whose line is still to come waits for that line.
                console.flushEvents(nextMinute);
                sleep(20);
            }
            completed = !stopping();
        } finally {
            stopping = true;
            join(producing);
            if (!completed) {
                stopWorkers();
            }
        }
    }

    private void stopWorkers() {
        workersStopping = true;
        if (working != null) {
            join(working);
        }
    }

    /** The end of simulated minute {@code at}: its line, then CloudWatch's datapoint and the alarms' evaluation. */
    private void minute(double at) {
        FleetPoller.QueueDepth queue = poller.queue();
        long arrivals = 0;
        for (long s = (long) at - 60; s < (long) at; s++) {
            arrivals += workload.at(s);
        }
        FleetPoller.Fleet f = poller.fleet();
        int running = workers.running();
        Sample sample = new Sample(at, queue.visible(), queue.inFlight(), f.target(), f.fulfilled(), running, arrivals,
                arrivals * workload.processing().meanSeconds() / 60.0);
        samples.add(sample);
        console.flushEvents(at);
        console.print(String.format(Locale.ROOT, "%5s %8d %7d %9d %7d %9s %7d  %s", TimeScale.clock(at),
                sample.backlog(), queue.visible(), queue.inFlight(), f.target(), QueueAlarm.number(f.fulfilled()),
                running, calls.lastDecision()));
        triggers.evaluateAlarms(at, samples);
    }

    /**
     * After the workload: lets running executions end (30 s at most), collects the last notifications. The
     * instances keep working meanwhile: a drain under way ends with its workers' reports, not its timeout.
     */
    void finish() {
        long deadline = System.nanoTime() + FINISH_NANOS;
        while (System.nanoTime() < deadline && !interrupted.getAsBoolean()) {
            poller.followTarget();
            publishMetrics();
            executions.poll();
            inbox.poll();
            console.flushEvents();
            if (!executions.anyRunning()) {
                break;
            }
            sleep(200);
        }
        stopWorkers();
        executions.readRunningStates();
        // SNS delivers to SQS as it publishes; one more look for a notification published last.
        sleep(300);
        inbox.poll();
        console.flushEvents();
    }

    /** One line per simulated minute, as printed. */
    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** A thread that runs {@code body}; a failure of its AWS calls stops the run, unless the run is stopping anyway. */
    private Thread daemon(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                if (!stopping()) {
                    failure.compareAndSet(null, e);
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
