package io.netdrift.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Many AWS accounts behind one endpoint, as an organisation run sees them: the management (or
 * detector) account, whose credentials the caller starts with, and every member account, reached
 * through STS {@code AssumeRole}. Each (account, region) is an emulator of its own, with its own
 * state and its own token buckets, as AWS keeps them; the one a request reaches is the account of
 * the access key that signed it (a key {@code AssumeRole} handed out names its role's account) and
 * the region of its signature's scope. S3, Secrets Manager, STS and Organizations are the home
 * account's. A member account's emulator is made on its first request and set up by {@link
 * #onNewAccount}, so a thousand accounts cost only what is asked of them.
 */
public final class AwsOrganization implements AutoCloseable {
  private final AwsEmulator home;
  private final String homeRegion;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, AwsEmulator> members = new ConcurrentHashMap<>();
  private final Map<String, String> keyAccounts = new ConcurrentHashMap<>();
  private final AtomicLong minted = new AtomicLong();
  private volatile BiConsumer<String, AwsEmulator> setUp = (key, emulator) -> {};
  private volatile Supplier<Costs> costs = Costs::free;

  private AwsOrganization(String homeAccount, String homeRegion, int threads) {
    this.home = AwsEmulator.backend(homeAccount, homeRegion);
    this.homeRegion = homeRegion;
    home.sts().minting(this::keyFor);
    home.organizations().managedBy(homeAccount);
    this.server = Loopback.server();
    this.executor = Loopback.threads(threads, "aws-organization");
    server.setExecutor(executor);
    server.createContext("/", this::route);
    server.start();
  }

  /**
   * Starts an organisation whose caller is {@code homeAccount} in {@code homeRegion}; {@code
   * threads} requests are served at once (requests waiting out a latency hold one each).
   */
  public static AwsOrganization start(String homeAccount, String homeRegion, int threads) {
    return new AwsOrganization(homeAccount, homeRegion, threads);
  }

  /** The URL to pass as {@code --endpoint-url}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The home account: S3, secrets, STS, Organizations, and what its own keys read. */
  public AwsEmulator home() {
    return home;
  }

  /**
   * How a member account and region is set up when first reached ({@code account/region} and its
   * emulator): the stacks it has deployed, its hand-made changes.
   */
  public void onNewAccount(BiConsumer<String, AwsEmulator> setUp) {
    this.setUp = setUp;
  }

  /** What each member account's requests cost, from its first request on (its own buckets). */
  public void costs(Supplier<Costs> costs) {
    this.costs = costs;
    home.costs(costs.get());
    members.values().forEach(m -> m.costs(costs.get()));
  }

  /** The emulator of {@code account} in {@code region}, made and set up where it is new. */
  public AwsEmulator account(String account, String region) {
    if (account.equals(home.account())) {
      return home;
    }
    return members.computeIfAbsent(
        account + "/" + region,
        key -> {
          AwsEmulator member = AwsEmulator.backend(account, region);
          member.costs(costs.get());
          setUp.accept(key, member);
          return member;
        });
  }

  /** The member accounts and regions reached so far, as {@code account/region}. */
  public List<String> reached() {
    return new ArrayList<>(members.keySet());
  }

  /** Every request's action, across the accounts, in no particular order. */
  public long requests() {
    return home.calls().size() + members.values().stream().mapToLong(m -> m.calls().size()).sum();
  }

  /**
   * An access key of {@code account}, as an engineer of that account signs with it: how a test
   * changes a member account by hand.
   */
  public String credentialsFor(String account) {
    return keyFor(account);
  }

  private String keyFor(String account) {
    // An access key id's shape: ASIA and sixteen upper-case letters or digits.
    String key = String.format("ASIA%016d", minted.incrementAndGet());
    keyAccounts.put(key, account);
    return key;
  }

  private void route(HttpExchange exchange) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String[] scope = scope(auth);
    String key = scope[0];
    String region = scope[1];
    String service = scope[2];
    AwsEmulator target;
    String account = keyAccounts.get(key);
    if (account == null
        || service.equals("s3")
        || service.equals("sts")
        || service.equals("secretsmanager")
        || service.equals("organizations")) {
      target = home;
    } else {
      target = account(account, region.isEmpty() ? homeRegion : region);
    }
    target.serve(exchange);
  }

  /** The access key, region and service of a SigV4 {@code Authorization} header. */
  private static String[] scope(String auth) {
    int at = auth == null ? -1 : auth.indexOf("Credential=");
    if (at < 0) {
      return new String[] {"", "", ""};
    }
    String[] parts = auth.substring(at + "Credential=".length()).split("[/,]");
    return new String[] {
      parts[0], parts.length > 2 ? parts[2] : "", parts.length > 3 ? parts[3] : ""
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
