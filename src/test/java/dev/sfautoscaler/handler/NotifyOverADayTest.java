package dev.sfautoscaler.handler;

import static dev.sfautoscaler.handler.NotifyBehaviour.failedInput;
import static dev.sfautoscaler.handler.NotifyBehaviour.recoveredInput;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testing.MovableClock;
import dev.sfautoscaler.testkit.AwsFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The alert storm the issue describes: a fault that fails every tick for a day. Through the notify
 * function (the Lambda runtime path) against the emulator, with the function's clock moved ten
 * minutes per tick (one-minute ticks, 1,440 a day, take minutes here; FailureNoticeBackOffTest runs
 * them against the core): the topic's subscriber gets the first failure and the back-off's notices
 * (after 15 min, 1 h, 4 h), 4 mails instead of one per tick, then one recovery notice.
 */
@QuarkusTest
@TestProfile(HandlerProfiles.NotifyOverADay.class)
class NotifyOverADayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLEET = "sfr-3c9a7e12-8d4b-4f60-a1e5-7b2c0d9f6e84";

    @InjectAws
    AwsFixtures aws;

    @Inject
    MovableClock clock;

    @Test
    void aFailureEveryTickForADayIsMailedFourTimesThenItsRecoveryOnce() throws Exception {
        String inbox = aws.subscribeQueue(AwsFixtures.topicArn(HandlerProfiles.TOPIC), "on-call-inbox");
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        List<Long> publishedAtMinute = new ArrayList<>();
        int tick = 10;
        int ticks = 24 * 60 / tick;
        for (int minute = 0; minute < 24 * 60; minute += tick) {
            clock.set(start.plus(Duration.ofMinutes(minute)));
            if (Lambda.succeeds(failedInput(FLEET)).getBoolean("published")) {
                publishedAtMinute.add((long) minute);
            }
        }
        clock.set(start.plus(Duration.ofHours(24)));
        Lambda.succeeds(recoveredInput(FLEET));

        String failed = FLEET + " scaling failed: AccessDenied";
        List<JsonNode> mails = new ArrayList<>();
        for (Message m : aws.drain(inbox)) {
            mails.add(JSON.readTree(m.body()));
        }
        System.out.println("Notify over a day: " + ticks + " failures, " + publishedAtMinute.size()
                + " failure notices at minutes " + publishedAtMinute + ", " + mails.size() + " mails in all");
        // The first tick at least 15 min, 1 h, 4 h after the notice before.
        assertThat(publishedAtMinute, contains(0L, 20L, 80L, 320L));
        List<String> subjects = mails.stream().map(m -> m.get("Subject").asText()).toList();
        assertThat(subjects, containsInAnyOrder(failed, failed, failed, failed,
                FLEET + " works again after 144 failures since 2026-12-01T00:00:00Z"));
        // The fourth notice counts the failures the back-off kept from the inbox since the third.
        List<String> summaries = new ArrayList<>();
        for (JsonNode m : mails) {
            summaries.add(JSON.readTree(m.get("Message").asText()).get("summary").asText());
        }
        assertThat(summaries, hasItem(containsString("33 failures in a row; 23 of them not mailed")));
    }
}
