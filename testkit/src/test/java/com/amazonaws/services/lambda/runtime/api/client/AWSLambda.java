package com.amazonaws.services.lambda.runtime.api.client;

import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in for AWS's runtime interface client, same main class, for {@code LambdaRuntimeProcessTest}:
 * instead of polling a Runtime API it prints what it was started with (its arguments, working
 * directory, system properties and whole environment) and exits.
 */
public final class AWSLambda {

    private AWSLambda() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            System.out.println("arg " + arg);
        }
        System.out.println("dir " + System.getProperty("user.dir"));
        System.out.println("property " + System.getProperty("stand-in.property"));
        System.out.println("jni " + System.getProperty(
                "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI"));
        for (Map.Entry<String, String> e : new TreeMap<>(System.getenv()).entrySet()) {
            System.out.println("env " + e.getKey() + "=" + e.getValue());
        }
    }
}
