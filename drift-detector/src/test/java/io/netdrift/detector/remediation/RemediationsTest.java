package io.netdrift.detector.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Finding;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.Remediation;
import io.netdrift.detector.model.SecurityGroupRule;
import org.junit.jupiter.api.Test;

/** The printed commands restore exactly the approved value, in the AWS CLI's own syntax. */
class RemediationsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void anUnmanagedRuleIsRevokedWithItsExactIpPermissions() throws Exception {
    SecurityGroupRule ssh =
        SecurityGroupRule.of(
            Direction.INGRESS, "tcp", 22, 22, new Peer.CidrPeer(Cidr.parse("0.0.0.0/0")), "");

    Remediation fix = Remediations.revoke("sg-1", ssh).inRegion("eu-west-1");

    assertThat(fix.exact()).isTrue();
    assertThat(fix.commands())
        .containsExactly(
            "aws ec2 revoke-security-group-ingress --region eu-west-1 --group-id sg-1"
                + " --ip-permissions '[{\"IpProtocol\":\"tcp\",\"FromPort\":22,\"ToPort\":22,"
                + "\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]'");
  }

  @Test
  void anEditedRuleIsPutBackBeforeTheLiveOneIsRemoved() {
    SecurityGroupRule approved =
        SecurityGroupRule.of(
            Direction.INGRESS, "tcp", 5432, 5432, new Peer.GroupPeer("sg-app"), "from app");
    SecurityGroupRule live =
        SecurityGroupRule.of(
            Direction.INGRESS, "tcp", 5432, 5432, new Peer.CidrPeer(Cidr.parse("::/0")), "");

    Remediation fix = Remediations.replace("sg-db", approved, live);

    assertThat(fix.commands()).hasSize(2);
    assertThat(fix.commands().get(0))
        .startsWith("aws ec2 authorize-security-group-ingress --group-id sg-db")
        .contains("\"UserIdGroupPairs\":[{\"GroupId\":\"sg-app\",\"Description\":\"from app\"}]");
    assertThat(fix.commands().get(1))
        .startsWith("aws ec2 revoke-security-group-ingress --group-id sg-db")
        .contains("\"Ipv6Ranges\":[{\"CidrIpv6\":\"::/0\"}]");
  }

  @Test
  void aNaclEntryIsReplacedCreatedOrDeletedAsTheApprovedDocumentSays() throws Exception {
    JsonNode approved =
        json(
            "{'Entries':{'ingress 100':{'Protocol':'tcp','RuleAction':'allow','CidrBlock':'10.10.0.0/16','PortRange':{'From':443,'To':443}}}}");
    JsonNode live =
        json(
            "{'Entries':{'ingress 100':{'Protocol':'tcp','RuleAction':'allow','CidrBlock':'0.0.0.0/0','PortRange':{'From':443,'To':443}},"
                + "'egress 200':{'Protocol':'all','RuleAction':'allow','CidrBlock':'0.0.0.0/0'}}}");
    JsonNode none = json("{'Entries':{}}");

    assertThat(
            Remediations.document(
                    "AWS::EC2::NetworkAcl",
                    "acl-1",
                    "Entries[ingress 100].CidrBlock",
                    "/Entries/ingress 100/CidrBlock",
                    approved,
                    live)
                .commands())
        .containsExactly(
            "aws ec2 replace-network-acl-entry --network-acl-id acl-1 --rule-number 100 --ingress"
                + " --protocol 6 --rule-action allow --cidr-block 10.10.0.0/16 --port-range From=443,To=443");
    assertThat(
            Remediations.document(
                    "AWS::EC2::NetworkAcl",
                    "acl-1",
                    "Entries[ingress 100]",
                    "/Entries/ingress 100",
                    approved,
                    none)
                .commands()
                .get(0))
        .startsWith("aws ec2 create-network-acl-entry --network-acl-id acl-1 --rule-number 100");
    assertThat(
            Remediations.document(
                    "AWS::EC2::NetworkAcl",
                    "acl-1",
                    "Entries[egress 200]",
                    "/Entries/egress 200",
                    approved,
                    live)
                .commands())
        .containsExactly(
            "aws ec2 delete-network-acl-entry --network-acl-id acl-1 --rule-number 200 --egress");
  }

  @Test
  void aVpcBlockAddedByHandIsDisassociatedAndAnApprovedOneGoneIsTheStacksToRecreate()
      throws Exception {
    JsonNode approved =
        json(
            "{'CidrBlocks':{'vpc-cidr-assoc-1':{'CidrBlock':'100.64.0.0/16'}},'Ipv6CidrBlocks':{}}");
    JsonNode live =
        json(
            "{'CidrBlocks':{'vpc-cidr-assoc-2':{'CidrBlock':'100.65.0.0/16'}},'Ipv6CidrBlocks':{}}");

    Remediation added =
        Remediations.document(
            "AWS::EC2::VPC",
            "vpc-1",
            "CidrBlocks[vpc-cidr-assoc-2]",
            "/CidrBlocks/vpc-cidr-assoc-2",
            approved,
            live);
    Remediation gone =
        Remediations.document(
            "AWS::EC2::VPC",
            "vpc-1",
            "CidrBlocks[vpc-cidr-assoc-1]",
            "/CidrBlocks/vpc-cidr-assoc-1",
            approved,
            live);

    assertThat(added.commands())
        .containsExactly("aws ec2 disassociate-vpc-cidr-block --association-id vpc-cidr-assoc-2");
    assertThat(added.exact()).isFalse();
    assertThat(gone.commands()).containsExactly("aws ec2 describe-vpcs --vpc-ids vpc-1");
    assertThat(gone.note()).contains("AWS::EC2::VPCCidrBlock");
  }

  @Test
  void aRouteGoesBackToTheFirewallEndpoint() throws Exception {
    Remediation fix =
        Remediations.document(
            "AWS::EC2::RouteTable",
            "rtb-1",
            "Routes[0.0.0.0/0].GatewayId",
            "/Routes/0.0.0.0~10/GatewayId",
            json("{'Routes':{'0.0.0.0/0':{'GatewayId':'vpce-1'}}}"),
            json("{'Routes':{'0.0.0.0/0':{'GatewayId':'igw-1'}}}"));

    assertThat(fix.commands())
        .containsExactly(
            "aws ec2 replace-route --route-table-id rtb-1 --destination-cidr-block 0.0.0.0/0"
                + " --vpc-endpoint-id vpce-1");
  }

  @Test
  void anIpSetGetsItsApprovedAddressesUnderTheCurrentLockToken() throws Exception {
    Remediation fix =
        Remediations.document(
            "AWS::WAFv2::IPSet",
            "blocked|abc-123|REGIONAL",
            "Addresses",
            "/Addresses",
            json("{'Addresses':['192.0.2.0/24','198.51.100.7/32']}"),
            json("{'Addresses':['192.0.2.0/24']}"));

    assertThat(fix.exact()).isTrue();
    assertThat(fix.commands().get(0))
        .isEqualTo(
            "aws wafv2 update-ip-set --name blocked --id abc-123 --scope REGIONAL"
                + " --addresses 192.0.2.0/24 198.51.100.7/32 --lock-token \"$(aws wafv2 get-ip-set"
                + " --name blocked --id abc-123 --scope REGIONAL --query LockToken --output text)\"");
  }

  @Test
  void aDeploymentFindingIsFixedByDeployingTheApprovedStack() {
    Finding f =
        Finding.unapprovedDeployment(
                new Finding.Resource(
                    "NetdriftProductionNetwork",
                    "AWS::CloudFormation::Stack",
                    "NetdriftProductionNetwork",
                    ""))
            .property("template")
            .summary("the deployed template is not the approved one")
            .build();

    assertThat(Remediations.of(f, "eu-west-1").commands())
        .containsExactly("cdk deploy --app cdk.out NetdriftProductionNetwork");
  }

  @Test
  void aWebAclChangeIsNotClaimedToBeOneExactCommand() throws Exception {
    Remediation fix =
        Remediations.document(
            "AWS::WAFv2::WebACL",
            "edge|id-9|REGIONAL",
            "Rules[rate-limit].Action",
            "/Rules/rate-limit/Action",
            json("{}"),
            json("{}"));

    assertThat(fix.exact()).isFalse();
    assertThat(fix.commands())
        .containsExactly("aws wafv2 get-web-acl --name edge --id id-9 --scope REGIONAL");
    assertThat(fix.note()).contains("LockToken");
  }
}
