package dev.sfautoscaler.core.archfixture;

import software.amazon.awssdk.services.ec2.Ec2Client;

/** A core class that talks to AWS itself: what CorePurityTest must refuse. Test fixture only. */
public final class LeakyCore {

    private final Ec2Client ec2;

    public LeakyCore(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public String region() {
        return ec2.serviceClientConfiguration().region().id();
    }
}
