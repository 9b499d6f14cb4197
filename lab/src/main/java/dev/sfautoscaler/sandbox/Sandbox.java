package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.sim.Scenario;
import dev.sfautoscaler.sim.ScenarioLoader;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.FixedMoto;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import dev.sfautoscaler.testkit.MotoServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The whole autoscaling loop on one machine: moto as AWS, the state machine from
 * {@code statemachine/autoscaler.asl.json} in moto's Step Functions, its tasks answered by the four
 * functions of the packaged {@code target/function.zip} (each in its own process under AWS's Lambda
 * Java runtime client), CloudWatch's alarm evaluation and EventBridge's rule played here, producers
 * and workers on a real SQS queue, and time compressed by {@code speed}.
 *
 * <pre>
 *   producers --SendMessage--> queue <--Receive/Delete-- workers (one per running instance)
 *   queue depth --(each period)--> alarms --transition--> event --event-ruler--> StartExecution
 *   moto Step Functions --Invoke--> LambdaInvokeServer --Runtime API--> function processes --> moto
 * </pre>
 *
 * <p>This class is the order of things; the parts are named for what they do: {@link Prerequisites},
 * the {@link Deployment} in the emulator, the {@link LambdaFunctions}, the {@link WarmUp}, then on the
 * simulated clock the {@link EventLoop} with the {@link Producers}, the {@link Workers}, the
 * {@link FleetPoller}, the {@link Triggers} (alarms and schedule), the {@link Executions}, the
 * {@link FunctionCalls} and the {@link NotificationInbox}, all printing through the
 * {@link ConsolePrinter}; at the end the {@link SandboxReport}.
 */
public final class Sandbox {

    /**
     * How a run is set up; times in simulated seconds.
     *
     * @param scenarioFile     the workload, in the simulator's scenario format
     * @param speed            simulated seconds per real second
     * @param port             the emulator's port, 0 for a free one
     * @param outDir           where the chart, the transcript and the functions' logs go
     * @param alarms           whether the fleet has its two backlog alarms (Terraform's create_alarms, true by default)
     * @param scaleOutPeriods  evaluation periods of the scale-out alarm (Terraform: 1)
     * @param scaleInPeriods   evaluation periods of the scale-in alarm (Terraform: 3)
     * @param scheduleSeconds  how often the schedule starts an execution (Terraform: 60), 0 for never
     * @param settleSeconds    the workflow's settleSeconds
     * @param maxRounds        the workflow's maxRounds for alarm-driven executions
     * @param zip              the packaged functions
     * @param runtimeDir       AWS's Lambda Java runtime interface client jars
     * @param verbose          print every decision and execution, not only changes, new reasons and alarm rounds
     * @param target           the kind of target the sandbox creates and scales ({@code TARGET=})
     */
    public record Options(Path scenarioFile, double speed, int port, Path outDir, boolean alarms, int scaleOutPeriods,
            int scaleInPeriods, long scheduleSeconds, long settleSeconds, int maxRounds, Path zip, Path runtimeDir,
            boolean verbose, TargetKind target) {

        /**
         * What the Terraform module deploys by default (a one-minute schedule and the two backlog
         * alarms, the workflow's defaults), on the given workload, at one simulated minute per real
         * second.
         */
        public static Options defaults(Path scenarioFile) {
            return new Options(scenarioFile, 60, 0, Path.of("target", "sandbox"), true, 1, 3, 60, 60, 5,
                    Path.of("target", "function.zip"), Path.of("target", "lambda-java-runtime"), false,
                    TargetKind.SPOT_FLEET);
        }

        public Options withSpeed(double s) {
            return new Options(scenarioFile, s, port, outDir, alarms, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, verbose, target);
        }

        public Options withPort(int p) {
            return new Options(scenarioFile, speed, p, outDir, alarms, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, verbose, target);
        }

        public Options withOutDir(Path dir) {
            return new Options(scenarioFile, speed, port, dir, alarms, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, verbose, target);
        }

        public Options withAlarms(boolean on) {
            return new Options(scenarioFile, speed, port, outDir, on, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, verbose, target);
        }

        public Options withScheduleSeconds(long seconds) {
            return new Options(scenarioFile, speed, port, outDir, alarms, scaleOutPeriods, scaleInPeriods, seconds,
                    settleSeconds, maxRounds, zip, runtimeDir, verbose, target);
        }

        /** The kind of target to create and scale: a spot fleet (the default), an EC2 Fleet or an Auto Scaling group. */
        public Options withTarget(TargetKind kind) {
            return new Options(scenarioFile, speed, port, outDir, alarms, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, verbose, kind);
        }

        /** Every decision, execution start and end, not only the ones that change something. */
        public Options withVerbose(boolean on) {
            return new Options(scenarioFile, speed, port, outDir, alarms, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, on, target);
        }
    }

    private final Options options;
    private final ConsolePrinter console;
    private final TimeScale time;
    private final Scenario scenario;
    private final Workload workload;
    private volatile boolean interrupted;
    private PauseWindow pauseAt;

    public Sandbox(Options options, PrintStream console) {
        this.options = options;
        this.console = new ConsolePrinter(console);
        this.time = new TimeScale(options.speed());
        this.scenario = ScenarioLoader.load(options.scenarioFile());
        this.workload = new Workload(scenario, options.scenarioFile().getFileName().toString(), options.speed());
    }

    /** PAUSE_AT: the fleet is tagged paused for this range of sandbox time. */
    void pauseAt(PauseWindow window) {
        pauseAt = window;
    }

    /** Stops the run early (Ctrl-C): the loop ends, everything started is stopped, no summary. */
    public void interrupt() {
        interrupted = true;
    }

    /** Sets up, runs the workload, prints as it goes, and returns what it saw; null when interrupted. */
    public SandboxRun run() {
        Prerequisites.check(options);
        Path out = options.outDir().toAbsolutePath();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new SandboxException("cannot create " + out + ": " + e.getMessage(), e);
        }
        long setupStart = System.nanoTime();
        header();
        LambdaInvokeServer lambda = LambdaInvokeServer.start(null);
        try (lambda;
                MotoServer moto = startMoto(lambda);
                AwsFixtures aws = new AwsFixtures(moto.endpoint())) {
            lambda.forwardTo(moto.endpoint());
            String endpoint = moto.endpoint().toString();
            SandboxTarget target = Deployment.createTarget(aws, options.target(), scenario, workload.policy());
            // The functions' JVMs start while the emulator is provisioned.
            CompletableFuture<LambdaFunctions> starting = CompletableFuture.supplyAsync(() -> LambdaFunctions.start(
                    options.zip(), options.runtimeDir(), out.resolve("functions"), Deployment.PREFIX,
                    MotoServer.REGION, MotoServer.ACCOUNT,
                    Deployment.functionEnvironment(endpoint, QueueMetricsPublisher.periodSeconds(time))));
            Deployment deployment;
            try {
                deployment = Deployment.provision(moto, aws, options, scenario, workload, time, target);
            } catch (RuntimeException e) {
                stopWhenStarted(starting);
                throw e;
            }
            deployment.describe().forEach(console::print);
            try (LambdaFunctions functions = await(starting)) {
                console.print("Emulator   moto (pinned, with the test kit's fixes: " + FixedMoto.FIX
                        + ") at " + endpoint + "  (try: aws --endpoint-url " + endpoint + " --region "
                        + MotoServer.REGION + " stepfunctions list-executions --state-machine-arn "
                        + deployment.workflow.stateMachineArn() + ")");
                Executions executions = new Executions(deployment.workflow, time, console, options.verbose());
                FunctionCalls calls = new FunctionCalls(executions, time, console, options.verbose());
                functions.register(lambda, calls);
                WarmUp.run(functions, deployment, options.outDir().resolve("functions/logs"));
                NotificationInbox inbox = new NotificationInbox(aws.sqs(),
                        aws.subscribeQueue(Deployment.topicArn(), Deployment.SUBSCRIBER), time, console);
                double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
                console.print(String.format(Locale.ROOT, "Functions  %s from %s, each in its own JVM under AWS's "
                        + "Lambda Java runtime client; set up in %.1f s", String.join(", ", functions.all().stream()
                                .map(LambdaFunctions.Function::id).toList()), options.zip(), setupSeconds));
                console.print("");
                return play(aws, deployment, executions, calls, inbox, setupSeconds, functions);
            }
        } catch (RuntimeException e) {
            if (interrupted) {
                return null;
            }
            throw e;
        }
    }

    /** The workload on the simulated clock, then the summary, the chart and the transcript. */
    private SandboxRun play(AwsFixtures aws, Deployment deployment, Executions executions, FunctionCalls calls,
            NotificationInbox inbox, double setupSeconds, LambdaFunctions functions) {
        Workers workers = new Workers(new WorkerPool(aws.sqs(), aws.ec2(), deployment.queueUrl, time,
                workload.processing(),
                scenario.plant(), (int) Math.max(1, Math.ceil(workload.visibilityTimeoutSeconds(scenario)
                        / time.speed())), scenario.seed()));
        FleetPoller poller = new FleetPoller(aws, deployment, workers, scenario.durationSeconds());
        Producers producers = new Producers(aws.sqs(), deployment.queueUrl, workload, scenario.durationSeconds(),
                time);
        Triggers triggers = new Triggers(deployment, executions, time, console, options.verbose())
                .withCheck(payload -> functions.invoke("check", payload));
        EventLoop loop = new EventLoop(time, workload, scenario.durationSeconds(), options.scheduleSeconds(), console,
                poller, producers, workers, triggers, executions, inbox, calls, () -> interrupted);
        if (pauseAt != null) {
            loop.pause(new PauseWindow.Switch(pauseAt, aws, deployment.fleetId, console));
        }
        loop.publish(new QueueMetricsPublisher(aws, deployment.queueUrl, QueueMetricsPublisher.periodSeconds(time),
                producers::sent, () -> workers.processed() + workers.processedTwice()));
        long runStart = System.nanoTime();
        loop.run();
        double runSeconds = (System.nanoTime() - runStart) / 1e9;
        if (interrupted) {
            return null;
        }
        loop.finish();
        Path out = options.outDir().toAbsolutePath();
        SandboxRun run = new SandboxRun(scenario.title(), time.speed(), scenario.durationSeconds(), loop.samples(),
                poller.points(), calls.changes(), executions.records(), inbox.received(), triggers.transitions(),
                calls.errors(), producers.sent(), workers.processed(), workers.processedTwice(), setupSeconds,
                runSeconds, options.outDir().resolve("sandbox.svg").toString());
        SandboxReport report = new SandboxReport(run);
        report.summary().forEach(console::print);
        SandboxBill.lines(run, triggers, deployment.alarms.size()).forEach(console::print);
        report.writeChart(out.resolve("sandbox.svg"), options.scenarioFile().getFileName().toString());
        console.writeTranscript(out.resolve("sandbox-output.txt"));
        return run;
    }

    private void header() {
        console.print("spot-fleet-autoscaler sandbox: the real state machine and functions, AWS emulated by moto, no "
                + "AWS account");
        console.print("Scenario   " + scenario.title() + " (" + options.scenarioFile() + "), "
                + scenario.durationSeconds() / 60 + " simulated minutes");
        String speed = QueueAlarm.number(time.speed());
        console.print("Time       SPEED=" + speed + ": " + speed + " simulated seconds per real second; all times "
                + "shown are simulated. Every time setting is divided by " + speed + " (whole real seconds, at least "
                + "1),");
        console.print("           so the functions, which count real seconds, speak in steps of " + speed + " s");
        if (time.speed() > 120) {
            console.print("           (above SPEED=120 an execution takes longer than a simulated minute: scheduled "
                    + "executions overlap, which on AWS they rarely do)");
        }
    }

    private MotoServer startMoto(LambdaInvokeServer lambda) {
        // moto's Step Functions sends Lambda task calls to localhost:$MOTO_PORT: the invoke server.
        Map<String, String> env = Map.of("MOTO_PORT", Integer.toString(lambda.port()));
        try {
            return FixedMoto.start(options.outDir(), options.port(), env);
        } catch (IllegalStateException e) {
            throw new SandboxException("the AWS emulator did not start: " + firstLine(e.getMessage()), e);
        }
    }

    private static LambdaFunctions await(CompletableFuture<LambdaFunctions> starting) {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while the functions were starting");
        }
    }

    private static void stopWhenStarted(CompletableFuture<LambdaFunctions> starting) {
        try {
            await(starting).close();
        } catch (RuntimeException alreadyFailed) {
            // it stopped what it had started
        }
    }

    /** Fails with one sentence when {@code port} is taken (the option's check, before anything starts). */
    static void requireFreePort(int port) {
        Prerequisites.requireFreePort(port);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
