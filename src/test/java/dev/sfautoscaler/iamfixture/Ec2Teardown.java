package dev.sfautoscaler.iamfixture;

import software.amazon.awssdk.services.ec2.Ec2Client;

/** An adapter calling an EC2 method the IAM mapping does not know. */
public final class Ec2Teardown implements Teardown {

    private final Ec2Client ec2;

    public Ec2Teardown(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public void stop(String instanceId) {
        ec2.stopInstances(r -> r.instanceIds(instanceId));
    }
}
