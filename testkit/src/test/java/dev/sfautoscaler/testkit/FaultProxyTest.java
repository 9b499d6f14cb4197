package dev.sfautoscaler.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The test support itself: the proxy forwards what it is not told to fault, and its faults reach
 * the AWS SDK as the errors AWS would send (so adapters see what they would see in production).
 */
class FaultProxyTest {

    static MotoServer moto;
    static FaultProxy proxy;
    static AwsFixtures viaProxy;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        proxy = FaultProxy.start(moto.endpoint());
        viaProxy = new AwsFixtures(proxy.endpoint());
    }

    @AfterAll
    static void stop() {
        viaProxy.close();
        proxy.close();
        ProcessHandle motoProcess = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(Integer.toString(moto.port())))
                        .orElse(false))
                .findFirst().orElseThrow();
        moto.close();
        assertFalse(motoProcess.isAlive(), "moto_server is stopped, not left behind");
    }

    @AfterEach
    void clear() {
        proxy.clear();
    }

    @Test
    void forwardsAndRecordsWhatItIsNotToldToFault() {
        String fleet = viaProxy.createMaintainFleet(2);

        assertEquals(2, viaProxy.targetCapacity(fleet));
        assertEquals(List.of("ec2:RequestSpotFleet", "ec2:DescribeSpotFleetRequests"), proxy.actions());
    }

    @Test
    void anEc2FaultArrivesAsEc2SendsIt() {
        proxy.fail("DescribeSpotFleetRequests", 400, "FleetNotInModifiableState", "not now");

        Ec2Exception e = assertThrows(Ec2Exception.class, () -> viaProxy.fleet("sfr-0123abcd"));

        assertEquals(400, e.statusCode());
        assertEquals("FleetNotInModifiableState", e.awsErrorDetails().errorCode());
        assertEquals("not now", e.awsErrorDetails().errorMessage());
    }

    @Test
    void aFaultForAFewCallsOnlyThenForwards() {
        String fleet = viaProxy.createMaintainFleet(1);
        proxy.fail("DescribeSpotFleetRequests", 400, "FleetNotInModifiableState", "not now", 1);

        assertThrows(Ec2Exception.class, () -> viaProxy.fleet(fleet));
        assertEquals(1, viaProxy.targetCapacity(fleet));
    }

    @Test
    void anSqsFaultArrivesAsTheSdksTypedException() {
        proxy.fail("GetQueueAttributes", 400, "QueueDoesNotExist", "The specified queue does not exist.");
        String queue = moto.endpoint() + "/123456789012/jobs";

        assertThrows(QueueDoesNotExistException.class, () -> viaProxy.queueArn(queue));
    }

    @Test
    void anSnsFaultArrivesAsSnsSendsIt() {
        proxy.fail("CreateTopic", 400, "Throttling", "Rate exceeded");

        SnsException e = assertThrows(SnsException.class, () -> viaProxy.createTopic("t"));

        assertEquals("Throttling", e.awsErrorDetails().errorCode());
    }

    @Test
    void aRewrittenFleetShowsTheGivenStateAndType() {
        String fleet = viaProxy.createMaintainFleet(1);
        proxy.showFleetState("modifying").showFleetType("request");

        var config = viaProxy.fleet(fleet);

        assertEquals("modifying", config.spotFleetRequestStateAsString());
        assertEquals("request", config.spotFleetRequestConfig().typeAsString());
    }

    @Test
    void aRouteAnswersItsPathsItself() throws Exception {
        proxy.route("/2015-03-31/functions/", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(proxy.endpoint() + "/2015-03-31/functions/decide/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals("{\"ok\":true}", response.body());
        assertTrue(viaProxy.createQueue("still-forwarded").endsWith("/still-forwarded"));
    }
}
