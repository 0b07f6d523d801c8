package io.netdrift.detector.model;

import static java.util.Objects.requireNonNull;

/**
 * A resource a read saw in a managed scope but does not compare: a VPC endpoint, a peering
 * connection or a Transit Gateway attachment. Each one some stack of the assembly owns is approved;
 * any other is unmanaged.
 *
 * @param type its CloudFormation type
 * @param physicalId its id
 * @param scope the managed VPC or Transit Gateway it sits on
 * @param live what it is, for the report ({@code vpc-… peered with vpc-… (account …), active})
 * @param active whether it carries traffic now (not pending acceptance, not on its way out)
 */
public record SeenResource(
    String type, String physicalId, String scope, String live, boolean active) {
  public SeenResource {
    requireNonNull(type, "type");
    requireNonNull(physicalId, "physicalId");
    requireNonNull(scope, "scope");
    requireNonNull(live, "live");
  }
}
