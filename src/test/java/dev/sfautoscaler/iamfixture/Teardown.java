package dev.sfautoscaler.iamfixture;

/** A port, as in the core: the derivation must find its implementation. */
public interface Teardown {

    void stop(String instanceId);
}
