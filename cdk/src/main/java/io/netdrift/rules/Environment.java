package io.netdrift.rules;

import static java.util.Objects.requireNonNull;

/** The AWS account and region a stack is deployed to. */
public record Environment(String account, String region) {
  public Environment {
    requireNonNull(account, "account");
    requireNonNull(region, "region");
  }
}
