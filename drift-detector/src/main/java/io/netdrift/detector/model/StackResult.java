package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the scan saw of one stack.
 *
 * @param status CloudFormation's stack status, or NOT_DEPLOYED
 * @param checked resources compared, by type
 * @param notChecked network resources Netdrift does not compare yet, by type
 * @param outOfScope resources outside the network (IAM, logs, metadata), by type
 * @param problems what could not be read or resolved; each one makes the scan incomplete
 * @param notCheckedResources each resource counted in {@code notChecked}, with why
 * @param deferred a deploy is under way (for less than the grace a deploy gets): not checked now,
 *     checked once it settles, and not alerted as an incomplete scan
 */
public record StackResult(
    String stackName,
    String account,
    String region,
    String status,
    Map<String, Integer> checked,
    Map<String, Integer> notChecked,
    Map<String, Integer> outOfScope,
    List<String> problems,
    List<Unchecked> notCheckedResources,
    boolean deferred) {
  public StackResult {
    requireNonNull(stackName, "stackName");
    account = account == null ? "" : account;
    requireNonNull(region, "region");
    requireNonNull(status, "status");
    checked = Collections.unmodifiableSortedMap(new TreeMap<>(checked));
    notChecked = Collections.unmodifiableSortedMap(new TreeMap<>(notChecked));
    outOfScope = Collections.unmodifiableSortedMap(new TreeMap<>(outOfScope));
    problems = List.copyOf(problems);
    notCheckedResources = List.copyOf(notCheckedResources);
  }

  /**
   * A stack mid-deploy within its grace: not checked, said in {@code problem}, not alerted as
   * incomplete.
   */
  public static StackResult deferred(
      String stackName, String account, String region, String status, String problem) {
    return new StackResult(
        stackName,
        account,
        region,
        status,
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(problem),
        List.of(),
        true);
  }

  /** Without a list of the resources not checked. */
  public StackResult(
      String stackName,
      String account,
      String region,
      String status,
      Map<String, Integer> checked,
      Map<String, Integer> notChecked,
      Map<String, Integer> outOfScope,
      List<String> problems) {
    this(
        stackName,
        account,
        region,
        status,
        checked,
        notChecked,
        outOfScope,
        problems,
        List.of(),
        false);
  }

  /** One resource the stack owns that was not compared, and why. */
  public record Unchecked(String type, String logicalId, String reason) {
    public Unchecked {
      requireNonNull(type, "type");
      requireNonNull(logicalId, "logicalId");
      requireNonNull(reason, "reason");
    }
  }

  /** A stack whose resources were not compared at all, with why. */
  public static StackResult unchecked(
      String stackName, String account, String region, String status, List<String> problems) {
    return new StackResult(
        stackName, account, region, status, Map.of(), Map.of(), Map.of(), problems);
  }

  /** The account for people: {@code ?} where neither the assembly nor AWS said which. */
  public String accountLabel() {
    return account.isEmpty() ? "?" : account;
  }
}
