package io.netdrift.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS Organizations (JSON 1.1, target prefix {@code AWSOrganizationsV20161128}) as an organisation
 * run reads it: {@code ListAccountsForParent} and {@code ListOrganizationalUnitsForParent}, at most
 * 20 a page ({@code MaxResults} 1–20, as the service model bounds it). Accounts answer {@code
 * State}, not {@code Status}: the older field was retired on 9 September 2026.
 */
public final class OrganizationsApi {
  static final String PREFIX = "AWSOrganizationsV20161128.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORGANIZATION = "o-netdrift0001";

  /** An account of the organisation: its id, name and state (ACTIVE, SUSPENDED, …). */
  public record Account(String id, String name, String state) {}

  private final String root = "r-nd01";
  private final Map<String, List<String>> units = new LinkedHashMap<>();
  private final Map<String, String> unitNames = new LinkedHashMap<>();
  private final Map<String, List<Account>> accounts = new LinkedHashMap<>();
  private String management = "000000000000";

  OrganizationsApi() {
    units.put(root, new ArrayList<>());
    accounts.put(root, new ArrayList<>());
  }

  /** The organisation's root id. */
  public String root() {
    return root;
  }

  /** The management account, as ARNs name it. */
  public synchronized OrganizationsApi managedBy(String account) {
    this.management = account;
    return this;
  }

  /** Adds an organisational unit under {@code parent}; answers its id. */
  public synchronized String addUnit(String parent, String name) {
    requireParent(parent);
    String id = String.format("ou-nd01-%08d", unitNames.size() + 1);
    units.get(parent).add(id);
    units.put(id, new ArrayList<>());
    accounts.put(id, new ArrayList<>());
    unitNames.put(id, name);
    return id;
  }

  /** Adds an account under {@code parent}. */
  public synchronized void addAccount(String parent, String id, String name, String state) {
    requireParent(parent);
    accounts.get(parent).add(new Account(id, name, state));
  }

  synchronized JsonNode handle(String operation, JsonNode in) {
    String parent = in.path("ParentId").asText();
    int max = in.path("MaxResults").asInt(20);
    if (max < 1 || max > 20) {
      throw new AwsError(
          400,
          "InvalidInputException",
          "1 validation error detected: Value '"
              + max
              + "' at 'maxResults' failed to satisfy constraint: Member must have value less than"
              + " or equal to 20");
    }
    if (!units.containsKey(parent)) {
      throw new AwsError(
          400,
          "ParentNotFoundException",
          "We can't find a root or OU with the ParentId that you specified.");
    }
    int from = in.hasNonNull("NextToken") ? Integer.parseInt(in.get("NextToken").asText()) : 0;
    ObjectNode out = JSON.createObjectNode();
    return switch (operation) {
      case "ListAccountsForParent" -> {
        List<Account> all = accounts.get(parent);
        ArrayNode page = out.putArray("Accounts");
        for (Account a : all.subList(from, Math.min(all.size(), from + max))) {
          page.addObject()
              .put("Id", a.id())
              .put(
                  "Arn",
                  "arn:aws:organizations::"
                      + management
                      + ":account/"
                      + ORGANIZATION
                      + "/"
                      + a.id())
              .put("Email", "aws+" + a.id() + "@example.com")
              .put("Name", a.name())
              .put("State", a.state())
              .put("JoinedMethod", "CREATED")
              .put("JoinedTimestamp", 1764489600.0);
        }
        if (from + max < all.size()) {
          out.put("NextToken", Integer.toString(from + max));
        }
        yield out;
      }
      case "ListOrganizationalUnitsForParent" -> {
        List<String> all = units.get(parent);
        ArrayNode page = out.putArray("OrganizationalUnits");
        for (String id : all.subList(from, Math.min(all.size(), from + max))) {
          page.addObject()
              .put("Id", id)
              .put("Arn", "arn:aws:organizations::" + management + ":ou/" + ORGANIZATION + "/" + id)
              .put("Name", unitNames.get(id));
        }
        if (from + max < all.size()) {
          out.put("NextToken", Integer.toString(from + max));
        }
        yield out;
      }
      default ->
          throw new AwsError(400, "UnknownOperationException", "unknown operation " + operation);
    };
  }

  private void requireParent(String parent) {
    if (!units.containsKey(parent)) {
      throw new IllegalArgumentException("no root or unit " + parent);
    }
  }
}
