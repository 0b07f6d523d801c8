package io.netdrift.detector.live;

import io.netdrift.detector.model.SecurityGroup;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.FutureTask;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The EC2 reads of all stacks of one account and region, made once: stacks announce what they will
 * read ({@link #expect}) before any of them reads; the reads for all of them (every security group
 * and its rules, the network of every announced VPC and gateway) start when the last has announced
 * ({@link #start}) or when the first asks, and each stack gets its own part, exactly what a read of
 * its own would answer. A read that fails fails for every stack that shares it. What was not
 * announced is read on its own, as before. The account's groups depend on no stack: their read
 * starts as soon as the scan names the stacks it compares ({@link #scanning}), while the stacks are
 * still being prepared.
 */
final class AccountSweep {
  private final Ec2Client ec2;
  private final Set<String> vpcIds = new TreeSet<>();
  private final Set<String> groupIds = new TreeSet<>();
  private final Set<String> managedIds = new TreeSet<>();
  private final Set<String> stackNames = new TreeSet<>();
  private boolean everyStack;
  private boolean started;
  private final FutureTask<SecurityGroupReader.AccountGroups> accountGroups;
  private final FutureTask<Map<String, SecurityGroup>> groups;
  private final FutureTask<NetworkReader.WideNetwork> network;
  private final Set<FutureTask<?>> running = new HashSet<>();

  AccountSweep(Ec2Client ec2) {
    this.ec2 = ec2;
    this.accountGroups =
        new FutureTask<>(
            () ->
                new SecurityGroupReader(ec2)
                    .accountGroups(
                        stackNames(),
                        everyStack()
                            ? Optional.of(read -> daemon(read, "netdrift-account-rules"))
                            : Optional.empty()));
    this.groups =
        new FutureTask<>(
            () -> new SecurityGroupReader(ec2).readAccount(once(accountGroups), vpcIds, groupIds));
    this.network = new FutureTask<>(() -> new NetworkReader(ec2).readWide(vpcIds, managedIds));
  }

  /**
   * The scan compares {@code names}, the stacks of this account and region, and where {@code every}
   * all the approved app has here: the read of the account's groups starts now, on a thread of its
   * own, and reads their rules with them where the groups these stacks made hold all the account's
   * rule pages but one, from the start where {@code every} ({@link
   * SecurityGroupReader#accountGroups}).
   */
  synchronized void scanning(Collection<String> names, boolean every) {
    if (!running.contains(accountGroups)) {
      stackNames.addAll(names);
      everyStack = every;
      inBackground(accountGroups, "netdrift-account-groups");
    }
  }

  private synchronized Set<String> stackNames() {
    return Set.copyOf(stackNames);
  }

  private synchronized boolean everyStack() {
    return everyStack;
  }

  /**
   * Every stack that will read has announced it: the reads for all of them start now, each on a
   * thread of its own; a stack that asks waits for its part.
   */
  synchronized void start() {
    started = true;
    if (!vpcIds.isEmpty() || !groupIds.isEmpty()) {
      inBackground(groups, "netdrift-account-groups-rules");
    }
    if (!vpcIds.isEmpty() || !managedIds.isEmpty()) {
      inBackground(network, "netdrift-account-network");
    }
  }

  /** Runs {@code read} on a daemon thread, unless it was started before. */
  private void inBackground(FutureTask<?> read, String name) {
    if (running.add(read)) {
      daemon(read, name);
    }
  }

  /** Runs {@code read} on a daemon thread named {@code name}. */
  private static void daemon(Runnable read, String name) {
    Thread t = new Thread(read, name);
    t.setDaemon(true);
    t.start();
  }

  /** A stack of this account and region will read these; ignored once a read has begun. */
  synchronized void expect(
      Collection<String> vpcs, Collection<String> groups, Collection<String> managed) {
    if (!started) {
      vpcIds.addAll(vpcs);
      groupIds.addAll(groups);
      managedIds.addAll(managed);
    }
  }

  /** The groups a read of {@code vpcs} and {@code groupsById} answers. */
  Map<String, SecurityGroup> securityGroups(
      Collection<String> vpcs, Collection<String> groupsById) {
    if (vpcs.isEmpty() && groupsById.isEmpty()) {
      return Map.of();
    }
    if (!covers(vpcs, groupsById, Set.of())) {
      return new SecurityGroupReader(ec2).read(vpcs, groupsById);
    }
    return SecurityGroupReader.slice(once(groups), vpcs, groupsById);
  }

  /** The network a read of {@code vpcs} and {@code managed} answers. */
  NetworkReader.LiveNetwork network(Collection<String> vpcs, Collection<String> managed) {
    if (vpcs.isEmpty() && managed.isEmpty()) {
      // Nothing to read: a stack with no network asks nothing of EC2, nor shares its errors.
      return new NetworkReader.LiveNetwork(Map.of(), Set.of(), java.util.List.of());
    }
    if (!covers(vpcs, Set.of(), managed)) {
      return new NetworkReader(ec2).read(vpcs, managed);
    }
    return once(network).slice(vpcs, managed);
  }

  /**
   * Whether the sweep reads all of it; from the first such question on, nothing more is announced.
   */
  private synchronized boolean covers(
      Collection<String> vpcs, Collection<String> groupsById, Collection<String> managed) {
    boolean covered =
        (!vpcIds.isEmpty() || !groupIds.isEmpty() || !managedIds.isEmpty())
            && vpcIds.containsAll(vpcs)
            && groupIds.containsAll(groupsById)
            && managedIds.containsAll(managed);
    started |= covered;
    return covered;
  }

  /** The read, made by the first caller; the others wait for it and share its answer or error. */
  private static <T> T once(FutureTask<T> read) {
    read.run();
    return ParallelReads.join(read);
  }
}
