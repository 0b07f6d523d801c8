package io.netdrift.detector.live;

import io.netdrift.detector.model.DriftException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClientBuilder;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountState;

/**
 * The accounts of an AWS Organization an organisation run covers: every active account under the
 * given roots or organisational units, nested units included ({@code ListAccountsForParent} and
 * {@code ListOrganizationalUnitsForParent}, every page). Organizations answers from the management
 * account or a delegated administrator; its endpoint is global, signed for us-east-1.
 */
public final class OrganizationAccounts {
  private OrganizationAccounts() {}

  /**
   * The ids of the active accounts under {@code parents} ({@code r-…} roots or {@code ou-…} units),
   * sorted; a suspended or closing account cannot be read and is left out. Throws a {@link
   * DriftException} naming the unit where Organizations cannot be read: a run that does not know
   * its accounts must not start.
   */
  public static List<String> under(List<String> parents, Optional<URI> endpoint) {
    OrganizationsClientBuilder builder =
        OrganizationsClient.builder()
            .region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                o ->
                    o.apiCallTimeout(AwsTarget.DEFAULT_API_TIMEOUT)
                        .apiCallAttemptTimeout(AwsTarget.DEFAULT_API_TIMEOUT.dividedBy(3)));
    endpoint.ifPresent(builder::endpointOverride);
    Set<String> accounts = new TreeSet<>();
    try (OrganizationsClient organizations = builder.build()) {
      Deque<String> units = new ArrayDeque<>(parents);
      Set<String> seen = new TreeSet<>();
      while (!units.isEmpty()) {
        String unit = units.pop();
        if (!seen.add(unit)) {
          continue;
        }
        try {
          organizations.listAccountsForParentPaginator(r -> r.parentId(unit)).stream()
              .flatMap(page -> page.accounts().stream())
              .filter(OrganizationAccounts::active)
              .forEach(account -> accounts.add(account.id()));
          organizations.listOrganizationalUnitsForParentPaginator(r -> r.parentId(unit)).stream()
              .flatMap(page -> page.organizationalUnits().stream())
              .forEach(child -> units.add(child.id()));
        } catch (SdkException e) {
          throw new DriftException(
              "the accounts of "
                  + unit
                  + " cannot be listed ("
                  + SdkErrors.code(e)
                  + "); the organisation run needs organizations:ListAccountsForParent and"
                  + " organizations:ListOrganizationalUnitsForParent",
              e);
        }
      }
    }
    return List.copyOf(accounts);
  }

  /**
   * Whether an account can be read: {@code State} ACTIVE, or where Organizations answers only the
   * older {@code Status}, that.
   */
  static boolean active(Account account) {
    if (account.state() != null) {
      return account.state() == AccountState.ACTIVE;
    }
    return account.status() != null && "ACTIVE".equals(account.statusAsString());
  }
}
