package dev.sfautoscaler.testing;

import dev.sfautoscaler.testkit.LambdaInvokeServer;
import dev.sfautoscaler.testkit.MotoServer;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.InstanceHandle;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import dev.sfautoscaler.testkit.FunctionZip;
import java.util.List;
import java.util.UUID;

/**
 * Registers the application's {@code @Named} Lambda handlers with a {@link LambdaInvokeServer},
 * so that a state machine running in the emulator invokes the real handlers inside a
 * {@code @QuarkusTest}. Each invocation does what the Quarkus Lambda runtime does with an event:
 * read the payload with the runtime's own {@code ObjectMapper} into the handler's input type, call
 * {@code handleRequest}, write the result with the same mapper; an exception propagates and the
 * server reports it as a function error named by its class.
 *
 * <p>Function names are {@code <prefix>-<handler id>}, as {@code statemachine/render.sh} renders
 * them: {@code sfautoscaler-read-capacity} runs the bean {@code @Named("read-capacity")}.
 */
public final class HandlerFunctions {

    /** The handler ids, which are also the Terraform map keys and the function name suffixes. */
    public static final List<String> HANDLERS = FunctionZip.HANDLERS;

    private HandlerFunctions() {
    }

    /** Registers every handler as {@code <prefix>-<id>}. Call it once the Quarkus application runs. */
    public static void registerAll(LambdaInvokeServer lambda, String prefix) {
        for (String id : HANDLERS) {
            lambda.register(prefix + "-" + id, function(id, prefix + "-" + id));
        }
    }

    /** The handler {@code @Named(handlerId)} as a function, e.g. to wrap it with a fault for one test. */
    public static LambdaInvokeServer.LambdaFunction function(String handlerId, String functionName) {
        return payload -> invoke(handlerId, functionName, payload);
    }

    private static String invoke(String handlerId, String functionName, String payload) throws Exception {
        ObjectMapper mapper = AmazonLambdaMapperRecorder.objectMapper;
        if (mapper == null) {
            throw new IllegalStateException("the Quarkus Lambda runtime has not set up its ObjectMapper: "
                    + "register the handlers from a running @QuarkusTest");
        }
        // By name: a lookup by the raw RequestHandler type would not match RequestHandler<In, Out> beans.
        try (InstanceHandle<Object> handle = Arc.container().instance(handlerId)) {
            if (!handle.isAvailable() || !(handle.get() instanceof RequestHandler<?, ?>)) {
                throw new IllegalStateException("no @Named(\"" + handlerId + "\") RequestHandler bean in the application");
            }
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) handle.get();
            Method method = handleRequestMethod(ClientProxy.unwrap(handler).getClass());
            ObjectReader reader = mapper.readerFor(method.getParameterTypes()[0]);
            ObjectWriter writer = mapper.writerFor(method.getReturnType());
            Object input = reader.readValue(payload.getBytes(StandardCharsets.UTF_8));
            Object output = handler.handleRequest(input, new TestContext(functionName));
            return writer.writeValueAsString(output);
        }
    }

    /** The typed {@code handleRequest}, not the compiler's bridge method taking {@code Object}. */
    private static Method handleRequestMethod(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()
                        && Context.class.isAssignableFrom(m.getParameterTypes()[1])) {
                    return m;
                }
            }
        }
        throw new IllegalStateException(type.getName() + " has no handleRequest(input, Context) method");
    }

    /** The little of the Lambda context a handler may read. */
    private record TestContext(String functionName, String requestId) implements Context {

        TestContext(String functionName) {
            this(functionName, UUID.randomUUID().toString());
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT + ":function:" + functionName;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 120_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
