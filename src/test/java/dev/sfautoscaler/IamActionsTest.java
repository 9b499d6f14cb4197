package dev.sfautoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Derives each function's IAM actions from the code: starting at a handler's
 * {@code handleRequest}, it follows every call through the core and, where the core calls a port,
 * into the adapters that implement it, and collects the AWS SDK client methods called. Each maps
 * to one IAM action; a call with no mapping fails the build, so a new SDK call cannot reach
 * production without its permission. Writes {@code target/iam-actions.json}, which the Terraform
 * check compares with the functions' IAM policies.
 */
class IamActionsTest {

    static final String SDK_PACKAGE = "software.amazon.awssdk.services.";

    /** SDK client interface -> method -> IAM action. */
    static final Map<String, Map<String, String>> IAM_ACTIONS = Map.of(
            "software.amazon.awssdk.services.ec2.Ec2Client", Map.ofEntries(
                    Map.entry("describeSpotFleetRequests", "ec2:DescribeSpotFleetRequests"),
                    Map.entry("describeTags", "ec2:DescribeTags"),
                    Map.entry("modifySpotFleetRequest", "ec2:ModifySpotFleetRequest"),
                    Map.entry("describeFleets", "ec2:DescribeFleets"),
                    Map.entry("modifyFleet", "ec2:ModifyFleet"),
                    Map.entry("createTags", "ec2:CreateTags"),
                    // drain: the target's instances, their tags, and terminating exactly those drained
                    Map.entry("describeSpotFleetInstances", "ec2:DescribeSpotFleetInstances"),
                    Map.entry("describeFleetInstances", "ec2:DescribeFleetInstances"),
                    Map.entry("describeInstancesPaginator", "ec2:DescribeInstances"),
                    Map.entry("deleteTags", "ec2:DeleteTags"),
                    Map.entry("terminateInstances", "ec2:TerminateInstances")),
            "software.amazon.awssdk.services.autoscaling.AutoScalingClient", Map.of(
                    "describeAutoScalingGroups", "autoscaling:DescribeAutoScalingGroups",
                    "describePolicies", "autoscaling:DescribePolicies",
                    "setDesiredCapacity", "autoscaling:SetDesiredCapacity",
                    "createOrUpdateTags", "autoscaling:CreateOrUpdateTags",
                    "terminateInstanceInAutoScalingGroup", "autoscaling:TerminateInstanceInAutoScalingGroup",
                    "deleteTags", "autoscaling:DeleteTags"),
            "software.amazon.awssdk.services.sqs.SqsClient", Map.of(
                    "getQueueAttributes", "sqs:GetQueueAttributes"),
            "software.amazon.awssdk.services.sns.SnsClient", Map.of(
                    "publish", "sns:Publish"),
            "software.amazon.awssdk.services.sfn.SfnClient", Map.of(
                    "startExecution", "states:StartExecution",
                    // check: the executions in flight, and the target each one's input names
                    "listExecutionsPaginator", "states:ListExecutions",
                    "describeExecution", "states:DescribeExecution"),
            "software.amazon.awssdk.services.cloudwatch.CloudWatchClient", Map.of(
                    "getMetricData", "cloudwatch:GetMetricData"),
            "software.amazon.awssdk.services.dynamodb.DynamoDbClient", Map.of(
                    "getItem", "dynamodb:GetItem",
                    "putItem", "dynamodb:PutItem",
                    "updateItem", "dynamodb:UpdateItem",
                    "deleteItem", "dynamodb:DeleteItem"));

    /** Client methods that make no AWS request. */
    static final Set<String> LOCAL_METHODS = Set.of("close", "serviceName", "serviceClientConfiguration");

    /**
     * The contract in the brief; Terraform grants exactly these (notify adds KMS for an encrypted topic;
     * the DynamoDB actions on the state table's ARN only: read-capacity reads whether a failure alert is
     * open, modify reads the fleet's guard item and takes and gives back its lease, notify counts and
     * closes failure alerts).
     */
    static final Map<String, List<String>> CONTRACT = Map.of(
            // read-capacity also reads the queue's CloudWatch metrics and keeps the learned throughput in a tag.
            "read-capacity", List.of("autoscaling:CreateOrUpdateTags", "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribePolicies", "cloudwatch:GetMetricData", "dynamodb:GetItem",
                    "ec2:CreateTags", "ec2:DescribeFleets",
                    "ec2:DescribeSpotFleetRequests", "ec2:DescribeTags", "sqs:GetQueueAttributes"),
            "decide", List.of(),
            "modify", List.of("autoscaling:CreateOrUpdateTags", "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribePolicies",
                    "autoscaling:SetDesiredCapacity", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem",
                    "ec2:CreateTags",
                    "ec2:DescribeFleets", "ec2:DescribeSpotFleetRequests", "ec2:DescribeTags", "ec2:ModifyFleet",
                    "ec2:ModifySpotFleetRequest"),
            "notify", List.of("dynamodb:DeleteItem", "dynamodb:UpdateItem", "sns:Publish"),
            // check reads and decides as read-capacity and decide do, and starts the Standard workflow
            // unless an execution is in flight for the fleet (ListExecutions, DescribeExecution).
            "check", List.of("autoscaling:CreateOrUpdateTags", "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribePolicies", "cloudwatch:GetMetricData", "dynamodb:GetItem", "ec2:CreateTags",
                    "ec2:DescribeFleets", "ec2:DescribeSpotFleetRequests", "ec2:DescribeTags",
                    "sqs:GetQueueAttributes", "states:DescribeExecution", "states:ListExecutions",
                    "states:StartExecution"),
            // drain reads the target and its instances, tags and untags them, lowers or raises the target
            // (a fleet with noTermination), terminates exactly the drained ones, and reads the queue as
            // read-capacity does (check; with targetWaitSeconds also CloudWatch's queue metrics).
            // (and the target's drain-under-way tag: written at start, deleted at finish), holds the target's
            // lease and reads its guard item in the state table as modify does.
            "drain", List.of("autoscaling:CreateOrUpdateTags", "autoscaling:DeleteTags",
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribePolicies", "autoscaling:SetDesiredCapacity",
                    "autoscaling:TerminateInstanceInAutoScalingGroup", "cloudwatch:GetMetricData",
                    "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "ec2:CreateTags",
                    "ec2:DeleteTags", "ec2:DescribeFleetInstances", "ec2:DescribeFleets", "ec2:DescribeInstances",
                    "ec2:DescribeSpotFleetInstances", "ec2:DescribeSpotFleetRequests", "ec2:DescribeTags",
                    "ec2:ModifyFleet", "ec2:ModifySpotFleetRequest", "ec2:TerminateInstances",
                    "sqs:GetQueueAttributes"));

    @Test
    void eachFunctionNeedsExactlyTheIamActionsItsCodeCalls() throws IOException {
        JavaClasses main = ArchitectureTest.MAIN;
        SortedMap<String, SortedSet<String>> actions = new TreeMap<>();
        SortedSet<String> unmapped = new TreeSet<>();
        for (JavaClass handler : main) {
            if (handler.isAssignableTo(RequestHandler.class) && handler.isAnnotatedWith(Named.class)
                    && !handler.isInterface()) {
                String function = handler.getAnnotationOfType(Named.class).value();
                SortedSet<String> calls = new TreeSet<>();
                for (String sdkCall : sdkCallsReachableFrom(handler, main)) {
                    String action = iamAction(sdkCall);
                    if (action == null) {
                        unmapped.add(function + ": " + sdkCall);
                    } else if (!action.isEmpty()) {
                        calls.add(action);
                    }
                }
                actions.put(function, calls);
            }
        }

        Path out = Path.of("target", "iam-actions.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), actions);

        assertTrue(unmapped.isEmpty(), "AWS SDK calls without an IAM action mapping in " + getClass().getSimpleName()
                + ": " + unmapped);
        assertEquals(Set.of("read-capacity", "decide", "modify", "notify", "check", "drain"), actions.keySet(),
                "the six functions' handlers");
        SortedMap<String, List<String>> derived = new TreeMap<>();
        actions.forEach((function, set) -> derived.put(function, List.copyOf(set)));
        assertEquals(new TreeMap<>(CONTRACT), derived, "IAM actions per function differ from the contract; "
                + "update the brief's contract and the Terraform policies together");
    }

    @Test
    void anSdkCallWithoutMappingIsCaughtThroughAPort() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.sfautoscaler.iamfixture");
        JavaClass entry = fixture.get("dev.sfautoscaler.iamfixture.RogueEntryPoint");

        Set<String> calls = sdkCallsReachableFrom(entry, fixture);

        assertEquals(Set.of("software.amazon.awssdk.services.ec2.Ec2Client#stopInstances"), calls);
        assertNull(iamAction(calls.iterator().next()), "stopInstances has no mapping, so the build fails");
    }

    /** {@code Client#method} for every SDK client method reachable from the handler's handleRequest. */
    static Set<String> sdkCallsReachableFrom(JavaClass handler, JavaClasses main) {
        Set<String> sdkCalls = new TreeSet<>();
        Set<JavaCodeUnit> seen = new HashSet<>();
        Deque<JavaCodeUnit> todo = new ArrayDeque<>();
        handler.getMethods().stream().filter(m -> m.getName().equals("handleRequest")).forEach(todo::add);
        while (!todo.isEmpty()) {
            JavaCodeUnit unit = todo.pop();
            if (!seen.add(unit)) {
                continue;
            }
            // Lambda bodies are compiled to synthetic methods of the same class.
            unit.getOwner().getCodeUnits().stream()
                    .filter(u -> u.getName().startsWith("lambda$" + unit.getName() + "$"))
                    .forEach(todo::add);
            List<AccessTarget.CodeUnitAccessTarget> targets = new java.util.ArrayList<>();
            unit.getMethodCallsFromSelf().forEach(c -> targets.add(c.getTarget()));
            unit.getConstructorCallsFromSelf().forEach(c -> targets.add(c.getTarget()));
            unit.getMethodReferencesFromSelf().forEach(r -> targets.add(r.getTarget()));
            unit.getConstructorReferencesFromSelf().forEach(r -> targets.add(r.getTarget()));
            for (AccessTarget.CodeUnitAccessTarget target : targets) {
                String owner = target.getOwner().getName();
                if (owner.startsWith(SDK_PACKAGE) && owner.endsWith("Client")) {
                    sdkCalls.add(owner + "#" + target.getName());
                } else if (owner.startsWith("dev.sfautoscaler.")) {
                    todo.addAll(implementations(target, main));
                }
            }
        }
        return sdkCalls;
    }

    /** The code units a call may run: the target itself, or each implementation of an interface method. */
    static Set<JavaCodeUnit> implementations(AccessTarget.CodeUnitAccessTarget target, JavaClasses main) {
        Set<JavaCodeUnit> units = new HashSet<>();
        target.resolveMember().ifPresent(units::add);
        JavaClass owner = target.getOwner();
        if (owner.isInterface() || owner.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
            List<String> parameters = target.getRawParameterTypes().stream().map(JavaClass::getName).toList();
            for (JavaClass candidate : main) {
                if (!candidate.isInterface() && candidate.isAssignableTo(owner.getName())) {
                    for (JavaMethod m : candidate.getMethods()) {
                        if (m.getName().equals(target.getName()) && m.getRawParameterTypes().stream()
                                .map(JavaClass::getName).toList().equals(parameters)) {
                            units.add(m);
                        }
                    }
                }
            }
        }
        return units;
    }

    /** The IAM action, {@code ""} for a method that sends no request, {@code null} when unmapped. */
    static String iamAction(String sdkCall) {
        String client = sdkCall.substring(0, sdkCall.indexOf('#'));
        String method = sdkCall.substring(sdkCall.indexOf('#') + 1);
        if (LOCAL_METHODS.contains(method)) {
            return "";
        }
        return IAM_ACTIONS.getOrDefault(client, Map.of()).get(method);
    }
}
