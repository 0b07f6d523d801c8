package io.netdrift.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.netdrift.rules.DetectorRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.ItemBatcher;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.ResultWriter;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.S3JsonItemReader;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The drift detector run by AWS: a Lambda function (Java 17, the shaded detector jar) invoked by an
 * EventBridge schedule for a whole scan and by CloudTrail management events for a targeted
 * re-check; the approved assembly and the policy uploaded to a bucket at deploy time, the alert
 * state kept beside them; the Slack token read from Secrets Manager at run time; every scan made
 * through a read-only reader role; alarms on function errors and on a missing heartbeat.
 */
public final class DriftDetectorStack extends Stack {
  /** The stack's name. */
  public static final String STACK_NAME = "NetdriftDetector";

  /** The stack statuses a deploy ends in: the stack can be checked again. */
  static final List<String> SETTLED_STATUSES =
      List.of(
          "CREATE_COMPLETE",
          "UPDATE_COMPLETE",
          "UPDATE_ROLLBACK_COMPLETE",
          "ROLLBACK_COMPLETE",
          "IMPORT_COMPLETE",
          "IMPORT_ROLLBACK_COMPLETE");

  /**
   * Exactly the calls the detector's readers make, and CloudTrail's LookupEvents for attribution:
   * nothing that changes anything, no wildcard action.
   */
  public static final List<String> READ_ACTIONS =
      List.of(
          "cloudformation:DescribeStacks",
          "cloudformation:DescribeType",
          "cloudformation:GetResource",
          "cloudformation:GetTemplate",
          "cloudformation:ListExports",
          "cloudformation:ListStackResources",
          "ec2:DescribeAvailabilityZones",
          "ec2:DescribeFlowLogs",
          "ec2:DescribeInternetGateways",
          "ec2:DescribeManagedPrefixLists",
          "ec2:DescribeNatGateways",
          "ec2:DescribeNetworkAcls",
          "ec2:DescribeRouteTables",
          "ec2:DescribeSecurityGroupRules",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeTransitGatewayAttachments",
          "ec2:DescribeTransitGatewayRouteTables",
          "ec2:DescribeVpcEndpoints",
          "ec2:DescribeVpcPeeringConnections",
          "ec2:DescribeVpcs",
          "ec2:GetManagedPrefixListEntries",
          "ec2:GetTransitGatewayRouteTableAssociations",
          "ec2:GetTransitGatewayRouteTablePropagations",
          "ec2:SearchTransitGatewayRoutes",
          "route53resolver:ListFirewallRuleGroupAssociations",
          "network-firewall:DescribeFirewall",
          "network-firewall:DescribeFirewallPolicy",
          "network-firewall:DescribeLoggingConfiguration",
          "network-firewall:DescribeRuleGroup",
          "wafv2:GetIPSet",
          "wafv2:GetLoggingConfiguration",
          "wafv2:GetRuleGroup",
          "wafv2:GetWebACL",
          "wafv2:ListResourcesForWebACL",
          "cloudtrail:LookupEvents");

  /**
   * What Cloud Control's read handlers call with the caller's credentials when the detector reads
   * the network settings of a database, function, service, load balancer or cache, or a network
   * type it compares generically (a Transit Gateway, a DNS Firewall) ({@code
   * cloudformation:GetResource}); never called by the detector itself. A template with another
   * generic type needs that type's read permissions added here.
   */
  public static final List<String> CLOUD_CONTROL_READ_HANDLERS =
      List.of(
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeTransitGateways",
          "ecs:DescribeServices",
          "elasticache:DescribeCacheClusters",
          "elasticache:DescribeReplicationGroups",
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeLoadBalancerAttributes",
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeTags",
          "lambda:GetFunction",
          "lambda:GetFunctionConfiguration",
          "rds:DescribeDBClusters",
          "rds:DescribeDBInstances",
          "route53resolver:GetFirewallDomainList",
          "route53resolver:GetFirewallRuleGroup",
          "route53resolver:ListFirewallDomains",
          "route53resolver:ListFirewallRules",
          "route53resolver:ListTagsForResource");

  /** Everything the reader role allows: the detector's calls and Cloud Control's read handlers. */
  public static List<String> readerActions() {
    List<String> all = new java.util.ArrayList<>(READ_ACTIONS);
    all.addAll(CLOUD_CONTROL_READ_HANDLERS);
    return List.copyOf(all);
  }

  /** The calls that change a covered resource: each one re-checks what it touched. */
  static final Map<String, List<String>> MUTATING_CALLS =
      Map.of(
          "aws.ec2",
          List.of(
              "AuthorizeSecurityGroupIngress",
              "AuthorizeSecurityGroupEgress",
              "RevokeSecurityGroupIngress",
              "RevokeSecurityGroupEgress",
              "ModifySecurityGroupRules",
              "UpdateSecurityGroupRuleDescriptionsIngress",
              "UpdateSecurityGroupRuleDescriptionsEgress",
              "CreateNetworkAclEntry",
              "ReplaceNetworkAclEntry",
              "DeleteNetworkAclEntry",
              "ReplaceNetworkAclAssociation",
              "CreateRoute",
              "ReplaceRoute",
              "DeleteRoute",
              "ReplaceRouteTableAssociation",
              "AttachInternetGateway",
              "DetachInternetGateway",
              "CreateSecurityGroup",
              "DeleteSecurityGroup"),
          "aws.wafv2",
          List.of(
              "UpdateWebACL",
              "UpdateIPSet",
              "UpdateRuleGroup",
              "DeleteWebACL",
              "AssociateWebACL",
              "DisassociateWebACL",
              "DeleteLoggingConfiguration",
              "PutLoggingConfiguration"),
          "aws.network-firewall",
          List.of(
              "UpdateRuleGroup",
              "UpdateFirewallPolicy",
              "AssociateFirewallPolicy",
              "UpdateFirewallDeleteProtection",
              "UpdateFirewallPolicyChangeProtection",
              "UpdateSubnetChangeProtection",
              "UpdateLoggingConfiguration",
              "DisassociateSubnets"));

  private final Function function;
  private final software.amazon.awscdk.services.lambda.Alias live;
  private final Role readerRole;
  private final Alarm errors;
  private final Alarm heartbeat;

  /**
   * @param detectorJar the shaded detector jar (drift-detector/target/drift-detector.jar)
   * @param approvedAssembly the network stacks' cloud assembly, uploaded as the baseline
   * @param policy rules/drift-policy.yaml, uploaded beside it
   */
  public DriftDetectorStack(
      Construct scope,
      String id,
      StackProps props,
      DetectorRules rules,
      String environment,
      Path detectorJar,
      Path approvedAssembly,
      Path policy) {
    super(scope, id, props);

    Bucket bucket =
        Bucket.Builder.create(this, "Bucket")
            .versioned(true)
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    BucketDeployment.Builder.create(this, "ApprovedBaseline")
        .destinationBucket(bucket)
        .destinationKeyPrefix("baseline/")
        .sources(
            List.of(
                Source.asset(
                    approvedAssembly.toString(),
                    AssetOptions.builder()
                        .exclude(List.of("asset.*", "*.csv", "tree.json", "validation-report.json"))
                        .build()),
                Source.asset(
                    policy.toAbsolutePath().getParent().toString(),
                    AssetOptions.builder()
                        .exclude(List.of("*", "!" + policy.getFileName()))
                        .build())))
        .prune(true)
        .build();

    ISecret token = Secret.fromSecretNameV2(this, "SlackToken", rules.tokenSecretName());

    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(RetentionDays.ONE_YEAR)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    Role functionRole =
        functionRole(
            "FunctionRole",
            "Netdrift detector: logs, its state, its Slack token, the reader role",
            logs,
            bucket,
            token,
            "state/*");
    Optional<ISecret> pagerKey =
        rules
            .pagerDutySecretName()
            .map(name -> Secret.fromSecretNameV2(this, "PagerDutyRoutingKey", name));
    pagerKey.ifPresent(k -> k.grantRead(functionRole));

    readerRole =
        Role.Builder.create(this, "ReaderRole")
            .roleName("netdrift-reader")
            .assumedBy(new ArnPrincipal(functionRole.getRoleArn()))
            .description("Netdrift: reads the network it checks; changes nothing")
            .inlinePolicies(
                Map.of(
                    "ReadTheNetwork",
                    PolicyDocument.Builder.create()
                        .statements(
                            List.of(
                                PolicyStatement.Builder.create()
                                    .effect(Effect.ALLOW)
                                    .actions(readerActions())
                                    // Describe and Lookup calls take no resource ARN.
                                    .resources(List.of("*"))
                                    .build()))
                        .build()))
            .build();
    readerRole.grantAssumeRole(functionRole);

    function =
        javaFunction(
            "Function",
            "io.netdrift.detector.lambda.DriftFunction::handleRequest",
            detectorJar,
            Duration.minutes(10),
            // One scan at a time: two would alert twice from one state.
            1,
            functionRole,
            logs,
            environmentWith(
                pagerKey,
                Map.of(
                    "NETDRIFT_BASELINE",
                    "s3://" + bucket.getBucketName() + "/baseline",
                    "NETDRIFT_STATE",
                    "s3://" + bucket.getBucketName() + "/state/alert-state.json",
                    "NETDRIFT_READER_ROLE_ARN",
                    readerRole.getRoleArn(),
                    "NETDRIFT_ENVIRONMENT",
                    environment,
                    "NETDRIFT_FAIL_ON",
                    rules.failOn(),
                    "SLACK_CHANNEL",
                    rules.slackChannel(),
                    "SLACK_TOKEN_SECRET_ARN",
                    token.getSecretArn(),
                    "NETDRIFT_STACKS",
                    String.join(",", rules.stacks()),
                    "NETDRIFT_EXCLUDE_STACKS",
                    String.join(",", rules.excludeStacks()),
                    "JAVA_TOOL_OPTIONS",
                    JAVA_OPTIONS)));
    live = publishedAlias("Live", function, "every trigger invokes the alias");

    Rule.Builder.create(this, "Schedule")
        .description("Netdrift: a whole scan every " + rules.scheduleMinutes() + " minutes")
        .schedule(Schedule.rate(Duration.minutes(rules.scheduleMinutes())))
        .targets(List.of(new LambdaFunction(live)))
        .build();
    if (rules.eventDriven()) {
      Rule.Builder.create(this, "OutOfBandChange")
          .description(
              "Netdrift: re-check a network resource as soon as CloudTrail reports a change")
          .eventPattern(
              EventPattern.builder()
                  .source(List.copyOf(new java.util.TreeSet<>(MUTATING_CALLS.keySet())))
                  .detailType(List.of("AWS API Call via CloudTrail"))
                  .detail(
                      Map.of(
                          "eventName",
                          MUTATING_CALLS.values().stream()
                              .flatMap(List::stream)
                              .distinct()
                              .sorted()
                              .toList()))
                  .build())
          .targets(List.of(new LambdaFunction(live)))
          .build();
      // A change during a deploy is deferred, not checked: the stack is checked again the moment
      // CloudFormation says it settled.
      Rule.Builder.create(this, "StackSettled")
          .description("Netdrift: re-check a stack once its deploy has settled")
          .eventPattern(
              EventPattern.builder()
                  .source(List.of("aws.cloudformation"))
                  .detailType(List.of("CloudFormation Stack Status Change"))
                  .detail(Map.of("status-details", Map.of("status", SETTLED_STATUSES)))
                  .build())
          .targets(List.of(new LambdaFunction(live)))
          .build();
    }

    Topic alarms =
        Topic.Builder.create(this, "Alarms")
            .displayName("Netdrift detector alarms")
            .enforceSsl(true)
            .masterKey(Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"))
            .build();
    if (!rules.alarmEmail().isBlank()) {
      alarms.addSubscription(new EmailSubscription(rules.alarmEmail()));
    }
    Duration period = Duration.minutes(rules.scheduleMinutes());
    errors =
        Alarm.Builder.create(this, "FunctionErrors")
            .alarmDescription(
                "Netdrift: the detector failed (an incomplete scan, an alert not delivered, a crash)")
            .metric(
                function.metricErrors(
                    software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                        .period(period)
                        .statistic("Sum")
                        .build()))
            .threshold(1)
            .evaluationPeriods(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    heartbeat =
        Alarm.Builder.create(this, "NoSuccessfulScan")
            .alarmDescription(
                "Netdrift: no complete scan in two periods; a silent detector is not a clean network")
            .metric(
                Metric.Builder.create()
                    .namespace("Netdrift")
                    .metricName("SuccessfulScans")
                    .dimensionsMap(Map.of("Environment", environment))
                    .statistic("Sum")
                    .period(period)
                    .build())
            .threshold(1)
            .evaluationPeriods(2)
            .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
            .treatMissingData(TreatMissingData.BREACHING)
            .build();
    errors.addAlarmAction(new SnsAction(alarms));
    heartbeat.addAlarmAction(new SnsAction(alarms));
    rules
        .organisation()
        .ifPresent(
            org ->
                organisation(
                    org, rules, environment, bucket, token, detectorJar, logs, alarms, period));

    NagSuppressions.addStackSuppressions(
        this,
        List.of(
            suppress(
                "AwsSolutions-IAM5",
                "Describe/Get/List/Lookup calls of EC2, CloudFormation, Network Firewall, WAF and"
                    + " CloudTrail take no resource ARN; the actions are listed one by one, none"
                    + " writes. S3 object grants are scoped to the baseline/ and state/ prefixes."),
            suppress(
                "AwsSolutions-S1",
                "the bucket holds the approved assembly and the alert state, versioned; CloudTrail"
                    + " data events are the audit trail, not server access logs"),
            suppress(
                "AwsSolutions-L1",
                "Java 17 is the detector's runtime; BucketDeployment's own handler is CDK's"),
            suppress(
                "AwsSolutions-IAM4",
                "BucketDeployment's handler uses AWSLambdaBasicExecutionRole, as CDK builds it")));
  }

  /**
   * Organisation mode: a Step Functions state machine on the schedule that plans the run (accounts
   * times regions, written to S3), scans every (account, region) in a Distributed Map of express
   * child workflows, at most {@code maxConcurrency} at once, each item one invocation of the
   * organisation function with that account's reader role, a failed or timed-out item caught and
   * left for the summary to name; and the summary. The reader role reaches every account of the
   * units through a service-managed StackSet, which also deploys it into accounts that join later.
   */
  private void organisation(
      DetectorRules.Organisation org,
      DetectorRules rules,
      String environment,
      Bucket bucket,
      ISecret token,
      Path detectorJar,
      LogGroup logs,
      Topic alarms,
      Duration period) {
    Role role =
        functionRole(
            "OrganisationFunctionRole",
            "Netdrift organisation runs: the accounts, each account's reader role",
            logs,
            bucket,
            token,
            "org-runs/*",
            "org-state/*");
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(
                List.of(
                    "organizations:ListAccountsForParent",
                    "organizations:ListOrganizationalUnitsForParent"))
            .resources(List.of("*"))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("sts:AssumeRole"))
            .resources(List.of("arn:" + getPartition() + ":iam::*:role/" + org.readerRoleName()))
            .build());

    Map<String, String> env = new java.util.TreeMap<>();
    env.put("NETDRIFT_BASELINE", "s3://" + bucket.getBucketName() + "/baseline");
    env.put("NETDRIFT_ORG_RUNS", "s3://" + bucket.getBucketName() + "/org-runs");
    env.put("NETDRIFT_ORG_STATE", "s3://" + bucket.getBucketName() + "/org-state");
    env.put("NETDRIFT_ORG_UNITS", String.join(",", org.units()));
    env.put("NETDRIFT_ORG_ACCOUNTS", String.join(",", org.accounts()));
    env.put("NETDRIFT_ORG_REGIONS", String.join(",", org.regions()));
    env.put("NETDRIFT_ORG_ROLE", org.readerRoleName());
    env.put("NETDRIFT_ENVIRONMENT", environment);
    env.put("NETDRIFT_FAIL_ON", rules.failOn());
    env.put("SLACK_CHANNEL", rules.slackChannel());
    env.put("SLACK_TOKEN_SECRET_ARN", token.getSecretArn());
    env.put("JAVA_TOOL_OPTIONS", JAVA_OPTIONS);
    if (org.maxConcurrency() + 2 > UNRESERVED_LAMBDA_CONCURRENCY) {
      software.amazon.awscdk.Annotations.of(this)
          .addWarningV2(
              "netdrift:organisationConcurrency",
              "organisation maxConcurrency "
                  + org.maxConcurrency()
                  + " reserves "
                  + (org.maxConcurrency() + 2)
                  + " of Lambda's concurrency: above the "
                  + UNRESERVED_LAMBDA_CONCURRENCY
                  + " a default quota of 1,000 can reserve (100 stay unreserved), the deploy fails"
                  + " unless the account's quota was raised");
    }
    organisationFunction =
        javaFunction(
            "OrganisationFunction",
            "io.netdrift.detector.lambda.OrganizationFunction::handleRequest",
            detectorJar,
            Duration.minutes(org.itemTimeoutMinutes()),
            // The map's batches, the plan and the summary: never more, never starving the account.
            org.maxConcurrency() + 2,
            role,
            logs,
            env);
    software.amazon.awscdk.services.lambda.Alias orgLive =
        publishedAlias("OrganisationLive", organisationFunction, "the state machine invokes it");

    LambdaInvoke plan =
        LambdaInvoke.Builder.create(this, "Plan")
            .comment("The accounts under the units and those listed, times the regions")
            .lambdaFunction(orgLive)
            .payload(
                TaskInput.fromObject(
                    Map.of("step", "plan", "run", JsonPath.stringAt("$$.Execution.Name"))))
            .payloadResponseOnly(true)
            .build();
    LambdaInvoke item =
        LambdaInvoke.Builder.create(this, "ScanAccount")
            .comment("One account and region, read through its reader role")
            .lambdaFunction(orgLive)
            .payloadResponseOnly(true)
            .taskTimeout(Timeout.duration(Duration.minutes(org.itemTimeoutMinutes())))
            .build();
    item.addRetry(
        RetryProps.builder()
            // Lambda's own errors are retried by default; a busy account's concurrency too.
            .errors(List.of("Lambda.TooManyRequestsException"))
            .maxAttempts(3)
            .backoffRate(2)
            .interval(Duration.seconds(2))
            .build());
    // A failed or timed-out item ends its child workflow quietly: the summary names it.
    item.addCatch(
        Pass.Builder.create(this, "AccountNotScanned")
            .comment("Recorded as incomplete by the summary: no outcome in S3")
            .build(),
        CatchProps.builder().errors(List.of("States.ALL")).resultPath("$.error").build());
    DistributedMap everyAccount =
        DistributedMap.Builder.create(this, "EveryAccount")
            .comment(
                "Each (account, region) of the plan, in batches, at most maxConcurrency at once")
            .itemReader(
                S3JsonItemReader.Builder.create()
                    .bucket(bucket)
                    .key(JsonPath.stringAt("$.itemsKey"))
                    .build())
            .itemSelector(
                Map.of(
                    "account", JsonPath.stringAt("$$.Map.Item.Value.account"),
                    "region", JsonPath.stringAt("$$.Map.Item.Value.region"),
                    "run", JsonPath.stringAt("$.run"),
                    "thread", JsonPath.stringAt("$.thread")))
            // Each invocation scans a batch of items at once: they mostly wait on AWS.
            .itemBatcher(
                ItemBatcher.Builder.create()
                    .maxItemsPerBatch(org.itemsPerInvocation())
                    .batchInput(
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                            .objectNode()
                            .put("step", "batch"))
                    .build())
            .maxConcurrency(org.maxConcurrency())
            .toleratedFailurePercentage(100)
            .mapExecutionType(
                software.amazon.awscdk.services.stepfunctions.StateMachineType.EXPRESS)
            .resultWriter(
                ResultWriter.Builder.create().bucket(bucket).prefix("org-runs/map").build())
            .resultPath(JsonPath.DISCARD)
            .build();
    everyAccount.itemProcessor(item);
    LambdaInvoke summary =
        LambdaInvoke.Builder.create(this, "Summary")
            .comment("The run's message becomes what it found; an item without an outcome is named")
            .lambdaFunction(orgLive)
            .payload(
                TaskInput.fromObject(
                    Map.of(
                        "step", "summary",
                        "run", JsonPath.stringAt("$.run"),
                        "thread", JsonPath.stringAt("$.thread"))))
            .payloadResponseOnly(true)
            .build();
    organisationRun =
        StateMachine.Builder.create(this, "OrganisationRun")
            .comment("Netdrift: every account and region of the organisation, then one summary")
            .definitionBody(DefinitionBody.fromChainable(plan.next(everyAccount).next(summary)))
            .timeout(period)
            .tracingEnabled(true)
            .logs(
                LogOptions.builder()
                    .destination(logs)
                    .level(LogLevel.ALL)
                    .includeExecutionData(false)
                    .build())
            .build();
    Rule.Builder.create(this, "OrganisationSchedule")
        .description(
            "Netdrift: every account of the organisation every "
                + rules.scheduleMinutes()
                + " minutes")
        .schedule(Schedule.rate(period))
        .targets(List.of(new SfnStateMachine(organisationRun)))
        .build();
    Alarm failed =
        Alarm.Builder.create(this, "OrganisationRunFailed")
            .alarmDescription(
                "Netdrift: an organisation run failed or timed out before its summary")
            .metric(
                new software.amazon.awscdk.services.cloudwatch.MathExpression(
                    software.amazon.awscdk.services.cloudwatch.MathExpressionProps.builder()
                        .expression("failed + timedOut")
                        .usingMetrics(
                            Map.of(
                                "failed", organisationRun.metricFailed(),
                                "timedOut", organisationRun.metricTimedOut()))
                        .period(period)
                        .build()))
            .threshold(1)
            .evaluationPeriods(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    failed.addAlarmAction(new SnsAction(alarms));

    if (org.units().isEmpty()) {
      software.amazon.awscdk.Annotations.of(this)
          .addWarningV2(
              "netdrift:readerRoleByHand",
              "organisation lists accounts but no unit: a service-managed StackSet deploys to"
                  + " units, so the role "
                  + org.readerRoleName()
                  + " must be deployed in those accounts by other means");
      return;
    }
    readerStackSet =
        CfnStackSet.Builder.create(this, "ReaderRoleStackSet")
            .stackSetName("netdrift-reader-role")
            .description("Netdrift: the read-only role an organisation run reads each account with")
            .permissionModel("SERVICE_MANAGED")
            .callAs("SELF")
            .autoDeployment(
                CfnStackSet.AutoDeploymentProperty.builder()
                    .enabled(true)
                    .retainStacksOnAccountRemoval(false)
                    .build())
            .capabilities(List.of("CAPABILITY_NAMED_IAM"))
            .operationPreferences(
                CfnStackSet.OperationPreferencesProperty.builder()
                    .regionConcurrencyType("PARALLEL")
                    .maxConcurrentPercentage(100)
                    .failureTolerancePercentage(10)
                    .build())
            .stackInstancesGroup(
                List.of(
                    CfnStackSet.StackInstancesProperty.builder()
                        .deploymentTargets(
                            CfnStackSet.DeploymentTargetsProperty.builder()
                                .organizationalUnitIds(org.units())
                                .build())
                        // IAM is global: one region creates the role for all.
                        .regions(List.of(getRegion()))
                        .build()))
            .templateBody(toJsonString(readerRoleTemplate(org.readerRoleName(), role)))
            .build();
  }

  /** What a default Lambda quota of 1,000 a region lets functions reserve: 100 stay unreserved. */
  static final int UNRESERVED_LAMBDA_CONCURRENCY = 900;

  /** The JVM's options in the functions: a scan's run is short, C1 compiles soonest. */
  private static final String JAVA_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

  /**
   * A role a Netdrift function runs as: its logs, the approved baseline, the Slack token, and
   * read-write on {@code writable} prefixes of the bucket.
   */
  private Role functionRole(
      String id,
      String description,
      LogGroup logs,
      Bucket bucket,
      ISecret token,
      String... writable) {
    Role role =
        Role.Builder.create(this, id)
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description(description)
            .build();
    logs.grantWrite(role);
    bucket.grantRead(role, "baseline/*");
    for (String prefix : writable) {
      bucket.grantReadWrite(role, prefix);
    }
    token.grantRead(role);
    return role;
  }

  /**
   * A function of the detector jar on Java 17, at most {@code concurrency} at once. The JVM's start
   * is restored from a snapshot taken when a version is published; the handlers keep nothing from
   * their start that a restore could duplicate (no clients, no ids: each invocation builds its
   * own).
   */
  private Function javaFunction(
      String id,
      String handler,
      Path jar,
      Duration timeout,
      int concurrency,
      Role role,
      LogGroup logs,
      Map<String, String> env) {
    return Function.Builder.create(this, id)
        .runtime(Runtime.JAVA_17)
        .handler(handler)
        .code(Code.fromAsset(jar.toString()))
        .memorySize(1024)
        .snapStart(software.amazon.awscdk.services.lambda.SnapStartConf.ON_PUBLISHED_VERSIONS)
        .timeout(timeout)
        .reservedConcurrentExecutions(concurrency)
        .role(role)
        .logGroup(logs)
        .environment(env)
        .build();
  }

  /**
   * The {@code live} alias of {@code function}'s current version, which each deploy of new code or
   * settings publishes: SnapStart restores published versions only, and {@code who}.
   */
  private software.amazon.awscdk.services.lambda.Alias publishedAlias(
      String id, Function function, String who) {
    software.amazon.awscdk.Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "the alias publishes the current version, and " + who);
    return software.amazon.awscdk.services.lambda.Alias.Builder.create(this, id)
        .aliasName("live")
        .version(function.getCurrentVersion())
        .build();
  }

  /**
   * The reader role's template, as the StackSet puts it in every account: trusts {@code caller}.
   */
  private static Map<String, Object> readerRoleTemplate(String name, Role caller) {
    return Map.of(
        "AWSTemplateFormatVersion",
        "2010-09-09",
        "Description",
        "Netdrift: reads the network it checks; changes nothing",
        "Resources",
        Map.of(
            "ReaderRole",
            Map.of(
                "Type",
                "AWS::IAM::Role",
                "Properties",
                Map.of(
                    "RoleName",
                    name,
                    "Description",
                    "Netdrift: reads the network it checks; changes nothing",
                    "AssumeRolePolicyDocument",
                    allow(Map.of("AWS", caller.getRoleArn()), "sts:AssumeRole", null),
                    "Policies",
                    List.of(
                        Map.of(
                            "PolicyName",
                            "ReadTheNetwork",
                            "PolicyDocument",
                            // Describe and Lookup calls take no resource ARN.
                            allow(null, readerActions(), "*")))))));
  }

  /** An IAM policy document of one Allow statement; a null principal or resource is left out. */
  private static Map<String, Object> allow(Object principal, Object actions, Object resource) {
    Map<String, Object> statement = new java.util.LinkedHashMap<>();
    statement.put("Effect", "Allow");
    if (principal != null) {
      statement.put("Principal", principal);
    }
    statement.put("Action", actions);
    if (resource != null) {
      statement.put("Resource", resource);
    }
    return Map.of("Version", "2012-10-17", "Statement", List.of(statement));
  }

  private Function organisationFunction;
  private StateMachine organisationRun;
  private CfnStackSet readerStackSet;

  /** The organisation run's state machine, where rules/detector.yaml has an organisation. */
  public Optional<StateMachine> organisationRun() {
    return Optional.ofNullable(organisationRun);
  }

  private static NagPackSuppression suppress(String id, String reason) {
    return NagPackSuppression.builder().id(id).reason(reason).build();
  }

  /** The detector function. */
  public Function function() {
    return function;
  }

  /** The role every scan reads AWS through. */
  public Role readerRole() {
    return readerRole;
  }

  /** The function's environment: {@code base}, and the pager's secret where one is configured. */
  private static Map<String, String> environmentWith(
      Optional<ISecret> pagerKey, Map<String, String> base) {
    Map<String, String> env = new java.util.TreeMap<>(base);
    pagerKey.ifPresent(k -> env.put("PAGERDUTY_ROUTING_KEY_SECRET_ARN", k.getSecretArn()));
    return env;
  }
}
