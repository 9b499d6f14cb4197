package dev.sfautoscaler.sim;

import java.util.List;

/**
 * The AWS list prices the control loop is billed at: the one place the simulator, the benchmark
 * report and its tests take a price from. Prices are on-demand list prices in USD for
 * <b>us-east-1</b> (N. Virginia), as the pricing pages showed them in 2026-12, without free tiers
 * (they are per account and shared with everything else the account runs) and without taxes.
 * {@link Price#euWest1()} is the eu-west-1 (Ireland) price where it was read from the same page,
 * and {@code Double.NaN} where it was not checked.
 */
final class PriceList {

    /** When the prices below were read from their pages. */
    static final String CHECKED = "2026-12";
    static final String REGION = "us-east-1";

    /**
     * One billed unit.
     *
     * @param item     what is billed, as the page names it
     * @param unit     the unit {@code usd} is the price of
     * @param usd      us-east-1 list price per unit
     * @param euWest1  eu-west-1 list price per unit, NaN when not checked
     * @param source   the pricing page
     */
    record Price(String item, String unit, double usd, double euWest1, String source) {
    }

    static final String SFN_PAGE = "https://aws.amazon.com/step-functions/pricing/";
    static final String LAMBDA_PAGE = "https://aws.amazon.com/lambda/pricing/";
    static final String XRAY_PAGE = "https://aws.amazon.com/xray/pricing/";
    static final String CLOUDWATCH_PAGE = "https://aws.amazon.com/cloudwatch/pricing/";
    static final String EVENTBRIDGE_PAGE = "https://aws.amazon.com/eventbridge/pricing/";
    static final String SQS_PAGE = "https://aws.amazon.com/sqs/pricing/";
    static final String SNS_PAGE = "https://aws.amazon.com/sns/pricing/";
    static final String DYNAMODB_PAGE = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
    static final String KMS_PAGE = "https://aws.amazon.com/kms/pricing/";

    /** Standard workflows: 0.025 USD per 1,000 state transitions, retries included (same in eu-west-1). */
    static final Price SFN_TRANSITION = new Price("Step Functions Standard state transition", "transition",
            0.025 / 1000, 0.025 / 1000, SFN_PAGE);
    /** 0.20 USD per million requests. */
    static final Price LAMBDA_REQUEST = new Price("Lambda request", "request", 0.20 / 1e6, 0.20 / 1e6, LAMBDA_PAGE);
    /** x86_64, first 6 billion GB-seconds a month. */
    static final Price LAMBDA_GB_SECOND_X86 = new Price("Lambda duration, x86_64", "GB-second", 0.0000166667,
            0.0000166667, LAMBDA_PAGE);
    /** arm64, first 7.5 billion GB-seconds a month. */
    static final Price LAMBDA_GB_SECOND_ARM = new Price("Lambda duration, arm64", "GB-second", 0.0000133334,
            0.0000133334, LAMBDA_PAGE);
    /** 5 USD per million traces recorded (Lambda active tracing, the state machine's tracing). */
    static final Price XRAY_TRACE = new Price("X-Ray trace recorded", "trace", 5.0 / 1e6, 5.0 / 1e6, XRAY_PAGE);
    /** Standard log class ingestion; vended logs (Step Functions) have the same first tier. */
    static final Price LOGS_INGESTED = new Price("CloudWatch Logs ingestion (standard class)", "GB", 0.50,
            Double.NaN, CLOUDWATCH_PAGE);
    /** Archived log storage, per GB-month (billed on compressed bytes: counting raw bytes is an upper bound). */
    static final Price LOGS_STORED = new Price("CloudWatch Logs storage", "GB-month", 0.03, Double.NaN,
            CLOUDWATCH_PAGE);
    /** A standard-resolution alarm on one metric. */
    static final Price ALARM_MONTH = new Price("CloudWatch standard-resolution alarm", "alarm-month", 0.10, 0.10,
            CLOUDWATCH_PAGE);
    /** A custom metric (decide's EMF metrics), first 10,000 metrics of the account. */
    static final Price CLOUDWATCH_METRIC = new Price("CloudWatch custom metric", "metric-month", 0.30, Double.NaN,
            CLOUDWATCH_PAGE);
    /** A CloudWatch dashboard (the account's first three are free; not counted here). */
    static final Price DASHBOARD_MONTH = new Price("CloudWatch dashboard", "dashboard-month", 3.00, Double.NaN,
            CLOUDWATCH_PAGE);
    /** CloudWatch API requests (DescribeAlarms from the CheckAlarm state), 0.01 USD per 1,000. */
    static final Price CLOUDWATCH_API = new Price("CloudWatch API request (DescribeAlarms)", "request", 0.01 / 1000,
            0.01 / 1000, CLOUDWATCH_PAGE);
    /** CloudWatch GetMetricData (read-capacity and check with targetWaitSeconds): 0.01 USD per 1,000 metrics requested. */
    static final Price CLOUDWATCH_METRIC_DATA = new Price("CloudWatch GetMetricData", "metric requested", 0.01 / 1000,
            0.01 / 1000, CLOUDWATCH_PAGE);
    /**
     * Events AWS services publish to the default bus (alarm state changes, the schedule rule's
     * Scheduled Event) and their delivery to a target are free; custom events cost 1 USD per million.
     */
    static final Price EVENTBRIDGE_SERVICE_EVENT = new Price("EventBridge scheduled / AWS service event", "event", 0,
            0, EVENTBRIDGE_PAGE);
    /** Standard queue requests (GetQueueAttributes from read-capacity), 0.40 USD per million. */
    static final Price SQS_REQUEST = new Price("SQS request (standard queue)", "request", 0.40 / 1e6, 0.40 / 1e6,
            SQS_PAGE);
    /** Standard topic publishes, 0.50 USD per million (a 64 KB chunk each). */
    static final Price SNS_PUBLISH = new Price("SNS publish (standard topic)", "request", 0.50 / 1e6, 0.50 / 1e6,
            SNS_PAGE);
    /** On-demand read request unit (a strongly consistent read up to 4 KB; eventually consistent: half). */
    static final Price DYNAMODB_RRU = new Price("DynamoDB on-demand read request unit", "RRU", 0.125 / 1e6,
            Double.NaN, DYNAMODB_PAGE);
    /** On-demand write request unit (a write up to 1 KB, conditional writes that fail included). */
    static final Price DYNAMODB_WRU = new Price("DynamoDB on-demand write request unit", "WRU", 0.625 / 1e6,
            Double.NaN, DYNAMODB_PAGE);
    /** A customer managed key (the notifications module's, which encrypts the topic). */
    static final Price KMS_KEY_MONTH = new Price("KMS customer managed key", "key-month", 1.00, 1.00, KMS_PAGE);

    static final List<Price> ALL = List.of(SFN_TRANSITION, LAMBDA_REQUEST, LAMBDA_GB_SECOND_X86, LAMBDA_GB_SECOND_ARM,
            XRAY_TRACE, LOGS_INGESTED, LOGS_STORED, ALARM_MONTH, CLOUDWATCH_API, CLOUDWATCH_METRIC_DATA,
            EVENTBRIDGE_SERVICE_EVENT, SQS_REQUEST,
            SNS_PUBLISH, DYNAMODB_RRU, DYNAMODB_WRU, KMS_KEY_MONTH, CLOUDWATCH_METRIC, DASHBOARD_MONTH);

    private PriceList() {
    }
}
