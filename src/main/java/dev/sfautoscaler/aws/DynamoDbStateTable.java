package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.FailureStreak;
import dev.sfautoscaler.core.GuardBounds;
import dev.sfautoscaler.core.Lease;
import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.port.FailureAlerts;
import dev.sfautoscaler.core.port.FleetLeases;
import dev.sfautoscaler.core.port.GuardBoundsStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The autoscaler's state table in DynamoDB ({@code AUTOSCALER_STATE_TABLE}): hash key {@code pk},
 * TTL attribute {@code expiresAt} (epoch seconds). Two kinds of item:
 * <ul>
 *   <li>{@code lease#<fleetId>}: {@code holder}, {@code expiresAt}; taken with a conditional PutItem,
 *       given back with a conditional DeleteItem;</li>
 *   <li>{@code alert#<fleetId>}: {@code firstFailureAt}, {@code lastFailureAt}, {@code failures},
 *       {@code lastNoticeAt}, {@code notices}, {@code suppressed}, {@code lastError},
 *       {@code expiresAt}; counted with UpdateItem (atomic ADD), read with GetItem, closed with
 *       DeleteItem.</li>
 *   <li>{@code guard#<fleetId>}: {@code min}, {@code max} (numbers), and {@code fleet} (the key of the
 *       deployment's fleets map, for people): the deployment's guard bounds of the fleet, written by
 *       Terraform ({@code aws_dynamodb_table_item.guard}), never by a function (their IAM allows them
 *       no write to {@code guard#} keys), read with a consistent GetItem; no TTL.</li>
 * </ul>
 * The leases and alerts can be rebuilt: a lost table costs at most one unserialised modify and one
 * repeated failure notice; the guard items are Terraform's, and {@code terraform apply} writes them
 * again (until then modify refuses every change, as for a fleet the deployment does not name).
 */
public final class DynamoDbStateTable implements FleetLeases, FailureAlerts, GuardBoundsStore {

    /** An alert item lapses this long after its last failure if nothing closes it (the fleet was removed). */
    static final Duration ALERT_TTL = Duration.ofDays(7);

    private static final String PUT = "DynamoDB PutItem";
    private static final String DELETE = "DynamoDB DeleteItem";
    private static final String GET = "DynamoDB GetItem";
    private static final String UPDATE = "DynamoDB UpdateItem";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbStateTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    // ---- leases

    @Override
    public Optional<Lease> take(Lease wanted, Instant now) {
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(Map.of("pk", s(leaseKey(wanted.fleetId())), "holder", s(wanted.holder()),
                            "expiresAt", n(epochSecondsUp(wanted.expiresAt()))))
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now OR holder = :me")
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":me", s(wanted.holder())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException held) {
            Map<String, AttributeValue> item = held.hasItem() ? held.item() : Map.of();
            return Optional.of(new Lease(wanted.fleetId(), text(item, "holder").orElse("another execution"),
                    number(item, "expiresAt").map(Instant::ofEpochSecond).orElse(wanted.expiresAt())));
        } catch (SdkException e) {
            throw translate(PUT, e);
        }
    }

    @Override
    public void release(String fleetId, String holder) {
        try {
            dynamoDb.deleteItem(r -> r.tableName(table).key(key(leaseKey(fleetId)))
                    .conditionExpression("holder = :me")
                    .expressionAttributeValues(Map.of(":me", s(holder))));
        } catch (ConditionalCheckFailedException takenOver) {
            // Lapsed and taken by another execution, or gone: not ours to delete.
        } catch (SdkException e) {
            throw translate(DELETE, e);
        }
    }

    // ---- guard bounds

    @Override
    public Optional<GuardBounds.Range> bounds(String fleetId) {
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.getItem(r -> r.tableName(table).key(key(guardKey(fleetId))).consistentRead(true)).item();
        } catch (SdkException e) {
            throw translate(GET, e);
        }
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        int min = bound(fleetId, item, "min");
        int max = bound(fleetId, item, "max");
        if (min > max) {
            throw unreadableGuard(fleetId, "its min (" + min + ") is above its max (" + max + ")");
        }
        return Optional.of(new GuardBounds.Range(min, max));
    }

    @Override
    public String whereFor(String fleetId) {
        return "item " + guardKey(fleetId) + " in the state table '" + table + "'";
    }

    private int bound(String fleetId, Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.n() == null) {
            throw unreadableGuard(fleetId, "its " + name + " is " + (v == null ? "missing" : "not a number"));
        }
        try {
            int bound = Integer.parseInt(v.n());
            if (bound >= 0) {
                return bound;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw unreadableGuard(fleetId, "its " + name + " is " + v.n() + ", not a whole number >= 0");
    }

    private AwsCallFailed unreadableGuard(String fleetId, String problem) {
        return new AwsCallFailed(GET, "NotConfigured", "the guard bounds of fleet " + fleetId + " (" + whereFor(fleetId)
                + ") cannot be used: " + problem + "; Terraform writes the item from the fleets map"
                + " (guard_min_capacity/guard_max_capacity): apply again; nothing was changed", false);
    }

    // ---- failure alerts

    @Override
    public boolean isOpen(String fleetId) {
        try {
            return dynamoDb.getItem(r -> r.tableName(table).key(key(alertKey(fleetId))).projectionExpression("pk")
                    .consistentRead(true)).hasItem();
        } catch (SdkException e) {
            throw translate(GET, e);
        }
    }

    @Override
    public FailureStreak recordFailure(String fleetId, Instant at, String error) {
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.updateItem(r -> r.tableName(table).key(key(alertKey(fleetId)))
                    .updateExpression("SET firstFailureAt = if_not_exists(firstFailureAt, :at), lastFailureAt = :at,"
                            + " lastError = :error, expiresAt = :expires ADD failures :one")
                    .expressionAttributeValues(Map.of(":at", s(at.toString()), ":error", s(error.isEmpty() ? "-" : error),
                            ":expires", n(at.plus(ALERT_TTL).getEpochSecond()), ":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (SdkException e) {
            throw translate(UPDATE, e);
        }
        return streak(fleetId, item);
    }

    @Override
    public void recordNotice(String fleetId, Instant at, long suppressedReported) {
        update(fleetId, "SET lastNoticeAt = :at ADD notices :one, suppressed :reported",
                Map.of(":at", s(at.toString()), ":one", n(1), ":reported", n(-suppressedReported)));
    }

    @Override
    public void recordSuppressed(String fleetId) {
        update(fleetId, "ADD suppressed :one", Map.of(":one", n(1)));
    }

    @Override
    public Optional<FailureStreak> close(String fleetId) {
        Map<String, AttributeValue> old;
        try {
            old = dynamoDb.deleteItem(r -> r.tableName(table).key(key(alertKey(fleetId)))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
        } catch (SdkException e) {
            throw translate(DELETE, e);
        }
        return old == null || old.isEmpty() ? Optional.empty() : Optional.of(streak(fleetId, old));
    }

    /** Updates an open alert; one that was closed meanwhile (the fleet recovered) is not brought back. */
    private void update(String fleetId, String expression, Map<String, AttributeValue> values) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key(alertKey(fleetId))).updateExpression(expression)
                    .conditionExpression("attribute_exists(pk)").expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException closed) {
            // closed by a recovery in between
        } catch (SdkException e) {
            throw translate(UPDATE, e);
        }
    }

    private static FailureStreak streak(String fleetId, Map<String, AttributeValue> item) {
        try {
            Instant last = instant(item, "lastFailureAt").orElse(Instant.EPOCH);
            return new FailureStreak(fleetId, instant(item, "firstFailureAt").orElse(last), last,
                    number(item, "failures").orElse(0L), instant(item, "lastNoticeAt"),
                    number(item, "notices").orElse(0L), Math.max(0, number(item, "suppressed").orElse(0L)),
                    text(item, "lastError").orElse(""));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new AwsCallFailed(UPDATE, "UnexpectedResponse", "the alert item of fleet " + fleetId
                    + " holds a value this version cannot read (" + e.getMessage() + ")", false);
        }
    }

    private AutoscalerException translate(String operation, SdkException e) {
        if (e instanceof ResourceNotFoundException) {
            return new AwsCallFailed(operation, "ResourceNotFoundException", "the state table '" + table
                    + "' does not exist; AUTOSCALER_STATE_TABLE must name the deployment's table", false);
        }
        return AwsErrorTranslator.translate(AwsCall.of(operation, table, "TableName", "Key", "Item"), e);
    }

    static String leaseKey(String fleetId) {
        return "lease#" + fleetId;
    }

    static String guardKey(String fleetId) {
        return "guard#" + fleetId;
    }

    static String alertKey(String fleetId) {
        return "alert#" + fleetId;
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    private static long epochSecondsUp(Instant at) {
        return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private static Optional<Long> number(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::n).map(Long::parseLong);
    }

    private static Optional<Instant> instant(Map<String, AttributeValue> item, String name) {
        return text(item, name).map(Instant::parse);
    }
}
