package io.netdrift.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * STS {@code GetCallerIdentity}, and {@code AssumeRole} (Query API, version 2011-06-15), which
 * hands out temporary credentials for any role in the emulator's account and remembers which roles
 * were assumed. The credentials are placeholders: the emulator checks that requests are signed, not
 * by whom.
 */
public final class StsApi {
  static final String VERSION = "2011-06-15";
  static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

  private final List<String> assumed = Collections.synchronizedList(new ArrayList<>());
  private volatile java.util.function.Function<String, String> keys =
      account -> "ASIANETDRIFTEMULATOR";
  private final java.util.Set<String> denied = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * From now on {@code AssumeRole} hands out the access key {@code keys} answers for the role's
   * account: how one endpoint tells the accounts of an organisation apart.
   */
  void minting(java.util.function.Function<String, String> keys) {
    this.keys = keys;
  }

  /**
   * {@code AssumeRole} of {@code roleArn} is refused from now on ({@code AccessDenied}), as STS
   * answers when the role does not exist or does not trust the caller.
   */
  public void deny(String roleArn) {
    denied.add(roleArn);
  }

  /**
   * The answer; {@code caller} is the principal the request's access key stands for, as CloudTrail
   * records it ({@code GetCallerIdentity} answers it).
   */
  String handle(QueryRequest request, String requestId, String caller) {
    if (request.action().equals("GetCallerIdentity")) {
      return new Xml()
          .open("GetCallerIdentityResponse", NAMESPACE)
          .open("GetCallerIdentityResult")
          .element("UserId", "AIDANETDRIFTEMULATOR")
          .element("Account", caller.split(":")[4])
          .element("Arn", caller)
          .close("GetCallerIdentityResult")
          .open("ResponseMetadata")
          .element("RequestId", requestId)
          .close("ResponseMetadata")
          .close("GetCallerIdentityResponse")
          .toString();
    }
    if (!request.action().equals("AssumeRole")) {
      throw new AwsError(400, "InvalidAction", "Could not find operation " + request.action());
    }
    String role =
        request
            .get("RoleArn")
            .orElseThrow(
                () ->
                    new AwsError(
                        400,
                        "ValidationError",
                        "1 validation error detected: roleArn must not be null"));
    String session = request.get("RoleSessionName").orElse("session");
    if (denied.contains(role)) {
      throw new AwsError(
          403,
          "AccessDenied",
          "User: " + caller + " is not authorized to perform: sts:AssumeRole on resource: " + role);
    }
    assumed.add(role);
    String roleName = role.substring(role.lastIndexOf('/') + 1);
    String account = role.split(":")[4];
    return new Xml()
        .open("AssumeRoleResponse", NAMESPACE)
        .open("AssumeRoleResult")
        .open("Credentials")
        .element("AccessKeyId", keys.apply(account))
        .element("SecretAccessKey", "netdrift-emulator-secret")
        .element("SessionToken", "netdrift-emulator-session")
        .element(
            "Expiration",
            Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString())
        .close("Credentials")
        .open("AssumedRoleUser")
        .element("Arn", "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session)
        .element("AssumedRoleId", "AROANETDRIFTEMULATOR:" + session)
        .close("AssumedRoleUser")
        .close("AssumeRoleResult")
        .open("ResponseMetadata")
        .element("RequestId", requestId)
        .close("ResponseMetadata")
        .close("AssumeRoleResponse")
        .toString();
  }

  /** The role ARNs assumed so far, in order. */
  public List<String> assumedRoles() {
    synchronized (assumed) {
      return List.copyOf(assumed);
    }
  }
}
