package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.testkit.FixedMoto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.sandbox.SandboxRun.AlarmTransition;
import dev.sfautoscaler.sandbox.SandboxRun.Change;
import dev.sfautoscaler.sandbox.SandboxRun.ExecutionRecord;
import dev.sfautoscaler.sandbox.SandboxRun.NotificationRecord;
import dev.sfautoscaler.sandbox.SandboxRun.Sample;
import dev.sfautoscaler.sim.Scenario;
import dev.sfautoscaler.sim.ScenarioLoader;
import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import dev.sfautoscaler.testkit.LambdaInvokeServer.FunctionError;
import dev.sfautoscaler.testkit.MotoServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.ec2.model.ActiveInstance;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

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
 */
public final class Sandbox {

    static final String PREFIX = AutoscalerWorkflow.FUNCTION_PREFIX;
    static final String QUEUE = "jobs";
    static final String TOPIC = PREFIX + "-notifications";
    static final String SUBSCRIBER = "sandbox-notifications";
    static final String SCALE_OUT_ALARM = PREFIX + "-" + QUEUE + "-backlog-high";
    static final String SCALE_IN_ALARM = PREFIX + "-" + QUEUE + "-backlog-low";
    static final Path PATTERN = Path.of("statemachine", "alarm-event-pattern.json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FLEET_POLL_MILLIS = 250;
    private static final long NOTIFICATION_POLL_MILLIS = 250;
    private static final long EXECUTION_POLL_MILLIS = 400;
    private static final double SCHEDULE_OFFSET_SECONDS = 30;

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
     */
    public record Options(Path scenarioFile, double speed, int port, Path outDir, boolean alarms, int scaleOutPeriods,
            int scaleInPeriods, long scheduleSeconds, long settleSeconds, int maxRounds, Path zip, Path runtimeDir,
            boolean verbose) {

        /**
         * What the Terraform module deploys by default (a one-minute schedule and the two backlog
         * alarms, the workflow's defaults), on the given workload, at one simulated minute per real
         * second.
         */
        public static Options defaults(Path scenarioFile) {
            return new Options(scenarioFile, 60, 0, Path.of("target", "sandbox"), true, 1, 3, 60, 60, 5,
                    Path.of("target", "function.zip"), Path.of("target", "lambda-java-runtime"), false);
        }

        public Options withSpeed(double s) {
            return new Options(scenarioFile, s, port, outDir, alarms, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, verbose);
        }

        public Options withPort(int p) {
            return new Options(scenarioFile, speed, p, outDir, alarms, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, verbose);
        }

        public Options withOutDir(Path dir) {
            return new Options(scenarioFile, speed, port, dir, alarms, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, verbose);
        }

        public Options withAlarms(boolean on) {
            return new Options(scenarioFile, speed, port, outDir, on, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, verbose);
        }

        public Options withScheduleSeconds(long seconds) {
            return new Options(scenarioFile, speed, port, outDir, alarms, scaleOutPeriods, scaleInPeriods, seconds,
                    settleSeconds, maxRounds, zip, runtimeDir, verbose);
        }

        /** Every decision, execution start and end, not only the ones that change something. */
        public Options withVerbose(boolean on) {
            return new Options(scenarioFile, speed, port, outDir, alarms, scaleOutPeriods, scaleInPeriods,
                    scheduleSeconds, settleSeconds, maxRounds, zip, runtimeDir, on);
        }
    }

    private final Options options;
    private final PrintStream console;
    private final TimeScale time;
    private final Scenario scenario;
    private final Workload workload;
    private final ScalingPolicy policy;
    private final List<QueueAlarm> alarms = new ArrayList<>();
    private final StringBuilder transcript = new StringBuilder();

    // What the run sees; written by several threads.
    /** Lines about what happened, printed in time order between the minute lines. */
    private final List<Event> events = new ArrayList<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<SandboxRun.Point> points = new CopyOnWriteArrayList<>();
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final List<NotificationRecord> notifications = new CopyOnWriteArrayList<>();
    private final List<AlarmTransition> transitions = new CopyOnWriteArrayList<>();
    private final List<String> functionErrors = new CopyOnWriteArrayList<>();
    private final Map<String, Execution> executions = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Execution names by trigger id (the alarm event's id, else the execution's name), to name a change's execution. */
    private final Map<String, String> executionByTrigger = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicReference<String> lastDecision = new AtomicReference<>("-");
    private final AtomicReference<String> lastReasonShown = new AtomicReference<>("");
    /** The fleet in the emulator as last read: the workers follow its instances. */
    private volatile Fleet fleet = new Fleet(0, 0, Set.of());

    private record Fleet(int target, double fulfilled, Set<String> instances) {
    }
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong processedTwice = new AtomicLong();
    /** Whether invocations are part of the run (not the warm-up before it). */
    private volatile boolean recording;
    private volatile boolean stopping;
    private volatile boolean interrupted;

    private record Event(double at, String line) {
    }

    /** An execution the run started, and what became of it. */
    private static final class Execution {
        final String name;
        final String arn;
        final String trigger;
        final double startedAt;
        volatile double endedAt = Double.NaN;
        volatile String status = "RUNNING";
        volatile String error;
        volatile String cause;
        volatile List<String> states = List.of();

        Execution(String name, String arn, String trigger, double startedAt) {
            this.name = name;
            this.arn = arn;
            this.trigger = trigger;
            this.startedAt = startedAt;
        }
    }

    public Sandbox(Options options, PrintStream console) {
        this.options = options;
        this.console = console;
        this.time = new TimeScale(options.speed());
        this.scenario = ScenarioLoader.load(options.scenarioFile());
        this.workload = new Workload(scenario, options.scenarioFile().getFileName().toString(), options.speed());
        this.policy = workload.policy();
    }

    Scenario scenario() {
        return scenario;
    }

    /** Stops the run early (Ctrl-C): the loop ends, everything started is stopped, no summary. */
    public void interrupt() {
        interrupted = true;
        stopping = true;
    }

    /** Sets up, runs the workload, prints as it goes, and returns what it saw. */
    public SandboxRun run() {
        checkPrerequisites();
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
            String topicArn = AwsFixtures.topicArn(TOPIC);
            CompletableFuture<LambdaFunctions> starting = CompletableFuture.supplyAsync(() -> LambdaFunctions.start(
                    options.zip(), options.runtimeDir(), out.resolve("functions"), PREFIX, MotoServer.REGION,
                    MotoServer.ACCOUNT, functionEnvironment(endpoint, topicArn)));
            // The functions' JVMs start while the emulator is provisioned.
            Deployment d;
            try {
                d = provision(moto, aws, topicArn);
            } catch (RuntimeException e) {
                stopWhenStarted(starting);
                throw e;
            }
            try (LambdaFunctions functions = await(starting)) {
                print("Emulator   moto (pinned, with the sandbox's spot fleet scale-in fix: " + FixedMoto.FIX + ") at "
                        + endpoint + "  (try: aws --endpoint-url " + endpoint
                        + " --region " + MotoServer.REGION + " stepfunctions list-executions --state-machine-arn "
                        + d.workflow.stateMachineArn() + ")");
                functions.register(lambda, this::invoked);
                warmUp(functions, d);
                d.subscriberUrl = aws.subscribeQueue(topicArn, SUBSCRIBER);
                double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
                print(String.format(Locale.ROOT, "Functions  %s from %s, each in its own JVM under AWS's Lambda "
                        + "Java runtime client; set up in %.1f s", String.join(", ", functions.all().stream()
                                .map(LambdaFunctions.Function::id).toList()), options.zip(), setupSeconds));
                print("");
                long runStart = System.nanoTime();
                loop(aws, d);
                double runSeconds = (System.nanoTime() - runStart) / 1e9;
                if (interrupted) {
                    return null;
                }
                finish(aws, d);
                SandboxRun run = new SandboxRun(scenario.title(), time.speed(), scenario.durationSeconds(),
                        List.copyOf(samples), List.copyOf(points), List.copyOf(changes), executionRecords(),
                        List.copyOf(notifications),
                        List.copyOf(transitions), List.copyOf(functionErrors), sent.get(), processed.get(),
                        processedTwice.get(),
                        setupSeconds, runSeconds, options.outDir().resolve("sandbox.svg").toString());
                SandboxReport report = new SandboxReport(run);
                report.summary().forEach(this::print);
                report.writeChart(out.resolve("sandbox.svg"), options.scenarioFile().getFileName().toString());
                writeTranscript(out.resolve("sandbox-output.txt"));
                return run;
            }
        } catch (RuntimeException e) {
            if (interrupted) {
                return null;
            }
            throw e;
        }
    }

    // ---- set-up

    private void checkPrerequisites() {
        try {
            MotoServer.binary();
        } catch (IllegalStateException missing) {
            throw new SandboxException(missing.getMessage(), missing);
        }
        if (!Files.isRegularFile(options.zip())) {
            throw new SandboxException(options.zip() + " is missing: build it with './mvnw package -DskipTests' "
                    + "(make sandbox does)");
        }
        try {
            if (dev.sfautoscaler.testkit.FunctionZip.jars(options.runtimeDir()).isEmpty()) {
                throw new SandboxException("AWS's Lambda Java runtime client is missing in " + options.runtimeDir()
                        + ": get it with './mvnw dependency:copy@lambda-java-runtime' (make sandbox does)");
            }
        } catch (IOException e) {
            throw new SandboxException("cannot read " + options.runtimeDir() + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(PATTERN) || !Files.isRegularFile(Path.of("statemachine", "autoscaler.asl.json"))) {
            throw new SandboxException("run the sandbox from the project directory (statemachine/ is not in "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (options.port() != 0) {
            requireFreePort(options.port());
        }
    }

    static void requireFreePort(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            probe.setReuseAddress(true);
        } catch (IOException inUse) {
            throw new SandboxException("port " + port + " is in use by another program: pick another PORT=, or leave "
                    + "PORT out and the sandbox takes a free one");
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

    /** The functions' configuration, as Terraform sets it, with every AWS client pointed at the emulator. */
    private static Map<String, String> functionEnvironment(String endpoint, String topicArn) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
        env.put("AUTOSCALER_NOTIFY_TOPIC_ARN", topicArn);
        env.put("AUTOSCALER_EC2_ENDPOINT_OVERRIDE", endpoint);
        env.put("QUARKUS_SQS_ENDPOINT_OVERRIDE", endpoint);
        env.put("QUARKUS_SNS_ENDPOINT_OVERRIDE", endpoint);
        return env;
    }

    /** What is provisioned in the emulator. */
    private static final class Deployment {
        String queueUrl;
        String fleetId;
        String subscriberUrl;
        AutoscalerWorkflow workflow;
        EmulatedCloudWatch cloudWatch;
        EventBridgeRule rule;
        ObjectNode fleetInput;
    }

    private Deployment provision(MotoServer moto, AwsFixtures aws, String topicArn) {
        Deployment d = new Deployment();
        moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");
        d.queueUrl = aws.createQueue(QUEUE);
        String created = aws.createTopic(TOPIC);
        if (!created.equals(topicArn)) {
            throw new IllegalStateException("the topic is " + created + ", the functions were told " + topicArn);
        }
        d.fleetId = aws.createMaintainFleet(scenario.plant().initialCapacity());
        d.cloudWatch = new EmulatedCloudWatch(moto.endpoint());
        Instant now = Instant.now();
        if (options.alarms()) {
            // As the queue-alarms module: the scale-out threshold is the fleet's backlogPerUnit.
            alarms.add(new QueueAlarm(new QueueAlarm.Spec(SCALE_OUT_ALARM, "Backlog of SQS queue " + QUEUE
                    + " is high: the autoscaler adds capacity.", QueueAlarm.Statistic.Maximum, 60,
                    options.scaleOutPeriods(), options.scaleOutPeriods(), QueueAlarm.Comparison.GreaterThanThreshold,
                    policy.backlogPerUnit()), now));
            alarms.add(new QueueAlarm(new QueueAlarm.Spec(SCALE_IN_ALARM, "Backlog of SQS queue " + QUEUE
                    + " is low: the autoscaler removes capacity.", QueueAlarm.Statistic.Maximum, 60,
                    options.scaleInPeriods(), options.scaleInPeriods(),
                    QueueAlarm.Comparison.LessThanOrEqualToThreshold, 0), now));
        }
        for (QueueAlarm a : alarms) {
            d.cloudWatch.putMetricAlarm(a.spec(), QUEUE);
        }
        try {
            d.workflow = AutoscalerWorkflow.deploy(moto.endpoint(), MotoServer.REGION, MotoServer.ACCOUNT);
        } catch (IllegalStateException e) {
            throw new SandboxException("cannot create the state machine: " + firstLine(e.getMessage()), e);
        }
        d.fleetInput = fleetInput(d);
        d.rule = options.alarms() ? new EventBridgeRule(PATTERN, alarms.stream()
                .map(a -> EmulatedCloudWatch.alarmArn(a.spec().name())).toList(), d.fleetInput) : null;
        settings(d);
        return d;
    }

    /**
     * The execution input without the event, as the fleet-trigger Terraform module renders it:
     * the scenario's policy with the alarm names, every time setting divided by the speed.
     */
    private ObjectNode fleetInput(Deployment d) {
        ObjectNode input = JSON.createObjectNode();
        input.put("fleetId", d.fleetId);
        input.put("queueUrl", d.queueUrl);
        ObjectNode p;
        try {
            p = (ObjectNode) JSON.readTree(scenario.policySource());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("backlogPerUnit", policy.backlogPerUnit());
        p.put("activationBacklog", policy.activationBacklog());
        p.put("scaleOutCooldownSeconds", time.wholeRealSeconds(policy.scaleOutCooldownSeconds()));
        p.put("scaleInCooldownSeconds", time.wholeRealSeconds(policy.scaleInCooldownSeconds()));
        p.put("maxQueueDataAgeSeconds", time.wholeRealSeconds(policy.maxQueueDataAgeSeconds()));
        if (options.alarms()) {
            p.put("scaleOutAlarmName", SCALE_OUT_ALARM);
            p.put("scaleInAlarmName", SCALE_IN_ALARM);
        }
        input.set("policy", p);
        ObjectNode w = input.putObject("workflow");
        w.put("settleSeconds", Math.max(1, time.wholeRealSeconds(options.settleSeconds())));
        w.put("maxRounds", options.maxRounds());
        w.put("notifyNoChange", false);
        input.put("dryRun", false);
        return input;
    }

    private void header() {
        print("spot-fleet-autoscaler sandbox: the real state machine and functions, AWS emulated by moto, no AWS "
                + "account");
        print("Scenario   " + scenario.title() + " (" + options.scenarioFile() + "), "
                + scenario.durationSeconds() / 60 + " simulated minutes");
        String speed = QueueAlarm.number(time.speed());
        print("Time       SPEED=" + speed + ": " + speed + " simulated seconds per real second; all times shown are "
                + "simulated. Every time setting is divided by " + speed + " (whole real seconds, at least 1),");
        print("           so the functions, which count real seconds, speak in steps of " + speed + " s");
        if (time.speed() > 120) {
            print("           (above SPEED=120 an execution takes longer than a simulated minute: scheduled executions "
                    + "overlap, which on AWS they rarely do)");
        }
    }

    private void settings(Deployment d) {
        Scenario.Plant plant = scenario.plant();
        print("Fleet      maintain spot fleet " + d.fleetId + ", " + plant.initialCapacity() + " unit(s) at the start; "
                + "moto launches a new instance at once, which takes messages after Spot fulfilment ("
                + QueueAlarm.number(plant.fulfilmentMinSeconds()) + "-" + QueueAlarm.number(plant.fulfilmentMaxSeconds())
                + " s) and boot (" + QueueAlarm.number(plant.bootSeconds()) + " s), then works one message at a time, "
                + QueueAlarm.number(workload.processing().meanSeconds()) + " s each ("
                + plant.processing().distribution() + ")");
        if (workload.jobsPerMessage() > 1) {
            print("Batching   the scenario sends up to " + workload.peakPerMinute() + " messages a simulated minute, "
                    + "more than the emulator's queue keeps up with at this speed: each SQS message carries "
                    + workload.jobsPerMessage() + " of them (processing and backlog per unit scaled to match)");
        }
        print("Policy     " + policy.mode().wireName() + ", capacity " + policy.minCapacity() + ".."
                + policy.maxCapacity() + ", " + policy.backlogPerUnit() + " messages per unit, cooldowns: scale-out "
                + time.effective(policy.scaleOutCooldownSeconds()) + " s, scale-in "
                + time.effective(policy.scaleInCooldownSeconds()) + " s");
        for (QueueAlarm a : alarms) {
            print("Alarm      " + a.spec().name() + ": " + a.spec().describe());
        }
        if (options.alarms()) {
            print("Rule       " + PATTERN + " + the two alarms' ARNs as resources, matched by event-ruler: an "
                    + "alarm entering ALARM starts an execution with the input transformer's input");
        } else {
            print("Alarms     none (ALARMS=0, as with create_alarms = false)");
        }
        print("Schedule   " + (options.scheduleSeconds() > 0 ? "an execution every " + options.scheduleSeconds()
                + " s (EventBridge rate(" + (options.scheduleSeconds() % 60 == 0 ? options.scheduleSeconds() / 60
                        + " minute" + (options.scheduleSeconds() == 60 ? "" : "s") : options.scheduleSeconds()
                        + " seconds") + ")), at :30 of the minute" : "none (SCHEDULE=0)"));
        print("Workflow   settle " + time.effective(options.settleSeconds()) + " s, at most " + options.maxRounds()
                + " rounds per alarm-driven execution");
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

    /**
     * One invocation of each function before the clock starts, as Lambda's first requests would
     * be: a cold start takes a second or two, which compressed time would count as minutes. The
     * notification goes to the topic before anyone subscribes.
     */
    private void warmUp(LambdaFunctions functions, Deployment d) {
        try {
            JsonNode reading = JSON.readTree(functions.invoke("read-capacity",
                    JSON.createObjectNode().put("fleetId", d.fleetId).put("queueUrl", d.queueUrl).toString()));
            ObjectNode decideInput = JSON.createObjectNode();
            decideInput.set("fleet", reading.path("fleet"));
            decideInput.set("queue", reading.path("queue"));
            decideInput.set("policy", d.fleetInput.path("policy"));
            decideInput.put("executionName", "sandbox-warm-up");
            decideInput.put("round", 1);
            JsonNode decision = JSON.readTree(functions.invoke("decide", decideInput.toString()));
            int target = reading.path("fleet").path("targetCapacity").asInt();
            ObjectNode modifyInput = JSON.createObjectNode();
            modifyInput.putObject("decision").put("fleetId", d.fleetId).put("action", "scale-out").put("from", target)
                    .put("to", target + 1).put("triggerKey", "sandbox-warm-up:1");
            modifyInput.put("dryRun", true);
            functions.invoke("modify", modifyInput.toString());
            ObjectNode notifyInput = JSON.createObjectNode().put("fleetId", d.fleetId).put("outcome", "no-change");
            notifyInput.set("decision", decision);
            notifyInput.put("executionId", "sandbox-warm-up");
            functions.invoke("notify", notifyInput.toString());
            // And the whole path once: moto's interpreter, its Lambda calls, the invoke server.
            ObjectNode manual = d.fleetInput.deepCopy();
            manual.put("dryRun", true);
            AutoscalerWorkflow.Execution run = d.workflow.run("sandbox-warm-up", manual.toString(),
                    java.time.Duration.ofSeconds(60));
            if (run.status() != ExecutionStatus.SUCCEEDED) {
                throw new SandboxException("the warm-up execution (a dry run) did not succeed: " + run.summary());
            }
        } catch (FunctionError e) {
            throw new SandboxException("a function failed its first call: " + e.errorType() + ": " + e.getMessage()
                    + " (logs in " + options.outDir().resolve("functions/logs") + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while warming up the functions");
        }
    }

    // ---- the run

    private void loop(AwsFixtures aws, Deployment d) {
        WorkerPool pool = new WorkerPool(aws.sqs(), d.queueUrl, time, workload.processing(), scenario.plant(),
                (int) Math.max(1, Math.ceil(workload.visibilityTimeoutSeconds(scenario) / time.speed())),
                scenario.seed());
        print("Columns    backlog = visible + in flight; target and fulfilled = the fleet's TargetCapacity and "
                + "FulfilledCapacity in moto; running = its instances that have booted and take messages");
        print("");
        print(" time  backlog visible in-flight  target fulfilled running  last decision");
        time.start();
        recording = true;
        pollFleet(aws, d, pool);
        synchronized (pool) {
            pool.follow(fleet.instances(), System.nanoTime(), true);
        }
        Thread producer = daemon("sandbox-producers", () -> produce(aws, d));
        Thread workers = daemon("sandbox-workers", () -> work(pool));
        long lastFleet = 0;
        long lastNotifications = 0;
        long lastExecutions = 0;
        double nextMinute = 60;
        // EventBridge's schedule fires within the minute, not when CloudWatch evaluates: at :30.
        double nextTick = options.scheduleSeconds() > 0 ? SCHEDULE_OFFSET_SECONDS : Double.POSITIVE_INFINITY;
        try {
            while (!stopping) {
                double now = time.now();
                if (failure.get() != null) {
                    throw new IllegalStateException("the sandbox's own AWS calls failed: " + failure.get(),
                            failure.get());
                }
                long millis = System.currentTimeMillis();
                if (millis - lastFleet >= FLEET_POLL_MILLIS) {
                    pollFleet(aws, d, pool);
                    lastFleet = millis;
                }
                if (now >= nextTick && nextTick < scenario.durationSeconds()) {
                    scheduled(d, nextTick, Instant.now());
                    nextTick += options.scheduleSeconds();
                }
                if (now >= nextMinute) {
                    // The minute's line shows the fleet as it is now, not as of the last poll.
                    pollFleet(aws, d, pool);
                    lastFleet = millis;
                    minute(aws, d, nextMinute, pool);
                    nextMinute += 60;
                    if (nextMinute > scenario.durationSeconds()) {
                        break;
                    }
                }
                if (millis - lastNotifications >= NOTIFICATION_POLL_MILLIS) {
                    pollNotifications(aws, d);
                    lastNotifications = millis;
                }
                if (millis - lastExecutions >= EXECUTION_POLL_MILLIS) {
                    pollExecutions(d);
                    lastExecutions = millis;
                }
                // What happened after the minute whose line is still to come waits for that line.
                flushEvents(nextMinute);
                sleep(20);
            }
        } finally {
            stopping = true;
            join(producer);
            join(workers);
        }
    }

    /** The fleet in the emulator (the workers follow its instances), and a point for the chart. */
    private void pollFleet(AwsFixtures aws, Deployment d, WorkerPool pool) {
        double at = time.now();
        var config = aws.fleet(d.fleetId).spotFleetRequestConfig();
        fleet = new Fleet(config.targetCapacity(), config.fulfilledCapacity() == null ? 0 : config.fulfilledCapacity(),
                Set.copyOf(aws.ec2().describeSpotFleetInstances(r -> r.spotFleetRequestId(d.fleetId))
                        .activeInstances().stream().map(ActiveInstance::instanceId).toList()));
        Map<QueueAttributeName, String> queue = aws.sqs().getQueueAttributes(r -> r.queueUrl(d.queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        long backlog = Long.parseLong(queue.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(queue.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        points.add(new SandboxRun.Point(Math.min(at, scenario.durationSeconds()), backlog, config.targetCapacity(),
                running(pool)));
    }

    /** The end of a simulated minute: CloudWatch's datapoint and alarm evaluation, the schedule, one line. */
    private void minute(AwsFixtures aws, Deployment d, double at, WorkerPool pool) {
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(d.queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        long visible = Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        long inFlight = Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        long arrivals = 0;
        for (long s = (long) at - 60; s < (long) at; s++) {
            arrivals += workload.at(s);
        }
        Fleet f = fleet;
        int running = running(pool);
        Sample sample = new Sample(at, visible, inFlight, f.target(), f.fulfilled(), running, arrivals,
                arrivals * workload.processing().meanSeconds() / 60.0);
        samples.add(sample);
        flushEvents(at);
        print(String.format(Locale.ROOT, "%5s %8d %7d %9d %7d %9s %7d  %s", TimeScale.clock(at), sample.backlog(),
                visible, inFlight, f.target(), QueueAlarm.number(f.fulfilled()), running, lastDecision.get()));
        Instant now = Instant.now();
        String startDate = now.minusSeconds(Math.max(1, time.wholeRealSeconds(60))).toString();
        for (QueueAlarm alarm : alarms) {
            int minutes = alarm.spec().periodSeconds() / 60;
            if (Math.round(at / 60) % minutes != 0) {
                continue;
            }
            List<Double> window = new ArrayList<>();
            for (int i = Math.max(0, samples.size() - minutes); i < samples.size(); i++) {
                window.add((double) samples.get(i).visible());
            }
            double value = QueueAlarm.aggregate(alarm.spec().statistic(), window);
            alarm.evaluate(new QueueAlarm.Datapoint(value, now), startDate)
                    .ifPresent(t -> transition(d, t, at));
        }
    }

    /** Instances booted and taking messages. */
    private static int running(WorkerPool pool) {
        synchronized (pool) {
            return pool.running(System.nanoTime());
        }
    }

    /** CloudWatch records the new state, sends the event; EventBridge's rule decides whether it starts the workflow. */
    private void transition(Deployment d, QueueAlarm.Transition t, double at) {
        d.cloudWatch.setAlarmState(t.spec().name(), t.to(), t.reason(), t.reasonData());
        ObjectNode event = EventBridgeRule.alarmEvent(t, QUEUE);
        List<String> values = new ArrayList<>(t.datapoints().stream().map(p -> QueueAlarm.number(p.value())).toList());
        Collections.reverse(values);
        String what = "alarm    " + t.spec().name() + " " + t.from() + " -> " + t.to() + " (datapoints: "
                + String.join(", ", values) + ")";
        if (d.rule.matches(event)) {
            String prefix = t.spec().name().equals(SCALE_OUT_ALARM) ? "scale-out-alarm" : "scale-in-alarm";
            Execution e = start(d, prefix, d.rule.executionInput(event), "alarm " + t.spec().name(), at);
            transitions.add(new AlarmTransition(at, t.spec().name(), t.from().name(), t.to().name(),
                    Optional.of(e.name)));
            event(at, what + "; the rule matches: started " + e.name);
        } else {
            transitions.add(new AlarmTransition(at, t.spec().name(), t.from().name(), t.to().name(), Optional.empty()));
            event(at, what + "; the rule does not match (only ALARM starts the workflow)");
        }
    }

    private void scheduled(Deployment d, double at, Instant now) {
        ObjectNode input = d.fleetInput.deepCopy();
        ((ObjectNode) input.path("workflow")).remove("maxRounds");
        ObjectNode event = input.putObject("scheduledEvent");
        event.put("version", "0");
        event.put("id", java.util.UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", MotoServer.ACCOUNT);
        event.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", MotoServer.REGION);
        event.putArray("resources").add("arn:aws:events:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT
                + ":rule/" + PREFIX + "-" + QUEUE + "-schedule");
        event.putObject("detail");
        Execution e = start(d, "schedule", input, "schedule", at);
        if (options.verbose()) {
            event(at, "schedule " + e.name);
        }
    }

    private Execution start(Deployment d, String prefix, ObjectNode input, String trigger, double at) {
        String arn = d.workflow.start(prefix, input.toString());
        String name = arn.substring(arn.lastIndexOf(':') + 1);
        Execution e = new Execution(name, arn, trigger, at);
        executions.put(arn, e);
        JsonNode event = input.hasNonNull("alarmEvent") ? input.path("alarmEvent") : input.path("scheduledEvent");
        executionByTrigger.put(event.path("id").asText(name), name);
        return e;
    }

    /** Sees every function invocation the state machine makes: decisions and changes as they happen. */
    private void invoked(String function, String payload, String result, FunctionError error) {
        if (!recording) {
            return;
        }
        double at = time.now();
        try {
            if (error != null) {
                functionErrors.add(function + ": " + error.errorType() + ": " + error.getMessage());
                event(at, "error    " + function + ": " + error.errorType() + ": " + error.getMessage());
                return;
            }
            JsonNode in = JSON.readTree(payload);
            JsonNode out = JSON.readTree(result);
            if (function.equals("decide")) {
                String change = out.path("action").asText() + " " + out.path("from").asInt() + " -> "
                        + out.path("to").asInt();
                String summary = out.path("change").asBoolean() ? change : "none at " + out.path("from").asInt();
                String code = out.path("reasonCode").asText();
                lastDecision.set(summary + " (" + code + ")");
                // The tick lines show every decision's code; a sentence when it changes something or says something new.
                if (!options.verbose() && !out.path("change").asBoolean() && code.equals(lastReasonShown.get())) {
                    return;
                }
                lastReasonShown.set(code);
                event(at, "decide   " + in.path("executionName").asText() + " round " + in.path("round").asInt(1)
                        + ": " + summary + ", " + out.path("reasonCode").asText() + ": "
                        + time.simulated(out.path("reason").asText()));
            } else if (function.equals("modify") && out.path("applied").asBoolean()
                    && !out.path("alreadyApplied").asBoolean() && !out.path("dryRun").asBoolean()) {
                String key = in.path("decision").path("triggerKey").asText();
                int colon = key.lastIndexOf(':');
                String trigger = colon > 0 ? key.substring(0, colon) : key;
                changes.add(new Change(at, out.path("action").asText(), out.path("from").asInt(),
                        out.path("to").asInt(), executionByTrigger.getOrDefault(trigger, trigger),
                        colon > 0 ? Integer.parseInt(key.substring(colon + 1)) : 1));
                event(at, "modify   " + out.path("summary").asText());
            }
        } catch (IOException | RuntimeException e) {
            event(at, "(could not read " + function + "'s invocation: " + e.getMessage() + ")");
        }
    }

    private void pollNotifications(AwsFixtures aws, Deployment d) {
        List<Message> messages = aws.sqs().receiveMessage(r -> r.queueUrl(d.subscriberUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(0)).messages();
        double at = time.now();
        for (Message m : messages) {
            aws.sqs().deleteMessage(r -> r.queueUrl(d.subscriberUrl).receiptHandle(m.receiptHandle()));
            try {
                JsonNode envelope = JSON.readTree(m.body());
                JsonNode message = JSON.readTree(envelope.path("Message").asText());
                JsonNode change = message.path("modify").isObject() ? message.path("modify") : message.path("decision");
                NotificationRecord n = new NotificationRecord(at, envelope.path("Subject").asText(),
                        message.path("outcome").asText(null), message.path("action").asText(null),
                        change.hasNonNull("from") ? change.path("from").asInt() : null,
                        change.hasNonNull("to") ? change.path("to").asInt() : null);
                notifications.add(n);
                event(at, "notified " + n.subject());
            } catch (IOException e) {
                event(at, "notified (not an SNS message: " + m.body() + ")");
            }
        }
    }

    private void pollExecutions(Deployment d) {
        List<Execution> running;
        synchronized (executions) {
            running = executions.values().stream().filter(e -> e.status.equals("RUNNING")).toList();
        }
        for (Execution e : running) {
            DescribeExecutionResponse r = d.workflow.sfn().describeExecution(x -> x.executionArn(e.arn));
            if (r.status() == ExecutionStatus.RUNNING) {
                continue;
            }
            e.states = AutoscalerWorkflow.stateNames(d.workflow.history(e.arn));
            e.error = r.error();
            e.cause = r.cause();
            e.endedAt = time.now();
            e.status = r.statusAsString();
            long rounds = 1 + e.states.stream().filter("StartNextRound"::equals).count();
            if (!options.verbose() && e.status.equals("SUCCEEDED") && !e.trigger.startsWith("alarm")) {
                continue;
            }
            event(e.endedAt, "end      " + e.name + " " + e.status + " in " + (e.states.isEmpty() ? "?"
                    : e.states.get(e.states.size() - 1)) + " after " + rounds + " round" + (rounds == 1 ? "" : "s")
                    + (e.error == null ? "" : ": " + e.error + " " + e.cause));
        }
    }

    private void produce(AwsFixtures aws, Deployment d) {
        long nextSecond = 0;
        long serial = 0;
        try {
            while (!stopping && nextSecond < scenario.durationSeconds()) {
                long now = Math.min((long) Math.floor(time.now()), scenario.durationSeconds());
                List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
                for (; nextSecond < now; nextSecond++) {
                    for (long i = 0; i < workload.at(nextSecond); i++) {
                        serial++;
                        batch.add(SendMessageBatchRequestEntry.builder().id("m" + batch.size())
                                .messageBody("{\"job\":" + serial + ",\"sentAt\":" + nextSecond + "}").build());
                        if (batch.size() == 10) {
                            send(aws, d, batch);
                            batch = new ArrayList<>();
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    send(aws, d, batch);
                }
                sleep(50);
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private void send(AwsFixtures aws, Deployment d, List<SendMessageBatchRequestEntry> batch) {
        var result = aws.sqs().sendMessageBatch(r -> r.queueUrl(d.queueUrl).entries(batch));
        if (!result.failed().isEmpty()) {
            throw new IllegalStateException("SQS refused messages: " + result.failed());
        }
        sent.addAndGet(result.successful().size());
    }

    private void work(WorkerPool pool) {
        try {
            while (!stopping) {
                synchronized (pool) {
                    pool.follow(fleet.instances(), System.nanoTime(), false);
                    pool.step(System.nanoTime());
                    processed.set(pool.processed());
                    processedTwice.set(pool.duplicates());
                }
                sleep(20);
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                failure.compareAndSet(null, e);
            }
        }
    }

    /** After the workload: lets running executions end, collects the last notifications. */
    private void finish(AwsFixtures aws, Deployment d) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && !interrupted) {
            pollExecutions(d);
            pollNotifications(aws, d);
            flushEvents();
            boolean running;
            synchronized (executions) {
                running = executions.values().stream().anyMatch(e -> e.status.equals("RUNNING"));
            }
            if (!running) {
                break;
            }
            sleep(200);
        }
        // SNS delivers to SQS as it publishes; one more look for a notification published last.
        sleep(300);
        pollNotifications(aws, d);
        flushEvents();
    }

    private List<ExecutionRecord> executionRecords() {
        synchronized (executions) {
            return executions.values().stream().map(e -> new ExecutionRecord(e.name, e.trigger, e.startedAt,
                    e.endedAt, e.status, e.error, e.cause, e.states)).toList();
        }
    }

    // ---- output

    private void event(double at, String text) {
        synchronized (events) {
            events.add(new Event(at, String.format(Locale.ROOT, "%5s   %s", TimeScale.clock(at), text)));
        }
    }

    /** Prints, oldest first, what happened before simulated second {@code before}. */
    private void flushEvents(double before) {
        List<Event> due = new ArrayList<>();
        synchronized (events) {
            for (var it = events.iterator(); it.hasNext();) {
                Event e = it.next();
                if (e.at() < before) {
                    due.add(e);
                    it.remove();
                }
            }
        }
        due.sort(java.util.Comparator.comparingDouble(Event::at));
        due.forEach(e -> print(e.line()));
    }

    private void flushEvents() {
        flushEvents(Double.POSITIVE_INFINITY);
    }

    private synchronized void print(String line) {
        console.println(line);
        console.flush();
        transcript.append(line).append('\n');
    }

    private void writeTranscript(Path file) {
        try {
            Files.writeString(file, transcript.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            print("(could not write " + file + ": " + e.getMessage() + ")");
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
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

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
