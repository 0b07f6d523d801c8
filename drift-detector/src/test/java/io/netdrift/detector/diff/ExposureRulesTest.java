package io.netdrift.detector.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.detector.model.Cidr;
import io.netdrift.detector.model.Direction;
import io.netdrift.detector.model.Exposure;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.Peer;
import io.netdrift.detector.model.SecurityGroupRule;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Each kind of change is classed by what it does to access, from its structured values. */
class ExposureRulesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static SecurityGroupRule rule(String protocol, int from, int to, String cidr) {
    return SecurityGroupRule.of(
        Direction.INGRESS, protocol, from, to, new Peer.CidrPeer(Cidr.parse(cidr)), "");
  }

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  static Exposure doc(String type, String path, String pointer, String approvedDoc, String liveDoc)
      throws Exception {
    JsonNode a = json(approvedDoc);
    JsonNode l = json(liveDoc);
    JsonNode av = a.at(pointer);
    JsonNode lv = l.at(pointer);
    FindingKind kind =
        av.isMissingNode()
            ? FindingKind.UNMANAGED
            : lv.isMissingNode() ? FindingKind.MISSING : FindingKind.CHANGED;
    return ExposureRules.document(
        type,
        new DocumentDiff.Change(
            path, pointer, av.isMissingNode() ? null : av, lv.isMissingNode() ? null : lv, kind),
        a,
        l);
  }

  @Test
  void aRuleEditedToAWiderCidrOrPortRangeIsWidened() {
    assertThat(
            ExposureRules.ruleEdited(
                    rule("tcp", 5432, 5432, "10.10.0.0/16"), rule("tcp", 5432, 5432, "0.0.0.0/0"))
                .access())
        .isEqualTo(Exposure.Access.WIDENED);
    assertThat(
            ExposureRules.ruleEdited(
                rule("tcp", 8080, 8080, "10.10.0.0/16"), rule("tcp", 0, 65535, "10.10.0.0/16")))
        .satisfies(
            e -> {
              assertThat(e.access()).isEqualTo(Exposure.Access.WIDENED);
              assertThat(e.internet()).isFalse();
            });
    assertThat(
            ExposureRules.ruleEdited(
                    rule("tcp", 0, 65535, "10.0.0.0/8"), rule("tcp", 443, 443, "10.1.0.0/16"))
                .access())
        .isEqualTo(Exposure.Access.NARROWED);
  }

  @Property
  void anEditIsNarrowedExactlyWhenTheApprovedRuleCoversTheLiveOne(
      @ForAll @IntRange(min = 0, max = 65535) int a,
      @ForAll @IntRange(min = 0, max = 65535) int b,
      @ForAll @IntRange(min = 8, max = 32) int prefixA,
      @ForAll @IntRange(min = 8, max = 32) int prefixB) {
    SecurityGroupRule approved = rule("tcp", Math.min(a, b), Math.max(a, b), "10.0.0.0/" + prefixA);
    SecurityGroupRule live = rule("tcp", a, a, "10.0.0.0/" + prefixB);
    Exposure e = ExposureRules.ruleEdited(approved, live);
    assertThat(e.access() == Exposure.Access.NARROWED).isEqualTo(approved.covers(live));
    assertThat(e.internet()).isFalse();
  }

  @Test
  void aNaclEntryTurnedFromDenyToAllowIsWidenedAndTheOtherWayNarrowed() throws Exception {
    String deny =
        "{'Entries':{'ingress 90':{'Protocol':'tcp','RuleAction':'deny','CidrBlock':'0.0.0.0/0','PortRange':{'From':22,'To':22}}}}";
    String allow = deny.replace("deny", "allow");
    Exposure opened =
        doc(
            "AWS::EC2::NetworkAcl",
            "Entries[ingress 90].RuleAction",
            "/Entries/ingress 90/RuleAction",
            deny,
            allow);
    assertThat(opened.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(opened.internet()).isTrue();
    assertThat(
            doc(
                    "AWS::EC2::NetworkAcl",
                    "Entries[ingress 90].RuleAction",
                    "/Entries/ingress 90/RuleAction",
                    allow,
                    deny)
                .access())
        .isEqualTo(Exposure.Access.NARROWED);
  }

  @Test
  void aWiderCidrWidensAnAllowEntryButNarrowsNothingOnADenyEntry() throws Exception {
    String allow =
        "{'Entries':{'ingress 100':{'Protocol':'tcp','RuleAction':'allow','CidrBlock':'10.10.0.0/16','PortRange':{'From':443,'To':443}}}}";
    String allowWide = allow.replace("10.10.0.0/16", "0.0.0.0/0");
    assertThat(
            doc(
                    "AWS::EC2::NetworkAcl",
                    "Entries[ingress 100].CidrBlock",
                    "/Entries/ingress 100/CidrBlock",
                    allow,
                    allowWide)
                .access())
        .isEqualTo(Exposure.Access.WIDENED);
    String deny = allow.replace("allow", "deny");
    String denyWide = allowWide.replace("allow", "deny");
    assertThat(
            doc(
                    "AWS::EC2::NetworkAcl",
                    "Entries[ingress 100].CidrBlock",
                    "/Entries/ingress 100/CidrBlock",
                    deny,
                    denyWide)
                .access())
        .isEqualTo(Exposure.Access.NARROWED);
  }

  @Test
  void aRouteStraightToAnInternetGatewayIsWidenedToTheInternet() throws Exception {
    Exposure e =
        doc(
            "AWS::EC2::RouteTable",
            "Routes[0.0.0.0/0].GatewayId",
            "/Routes/0.0.0.0~10/GatewayId",
            "{'Routes':{'0.0.0.0/0':{'GatewayId':'vpce-1'}}}",
            "{'Routes':{'0.0.0.0/0':{'GatewayId':'igw-1'}}}");
    assertThat(e.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(e.internet()).isTrue();
  }

  @Test
  void aRouteThatWentThroughAnEndpointAndNoLongerDoesIsWidened() throws Exception {
    String inspected =
        "{'Routes':{'0.0.0.0/0':{'GatewayId':'vpce-1'},'10.10.4.0/22':{'GatewayId':'vpce-1'}}}";
    Exposure toNat =
        doc(
            "AWS::EC2::RouteTable",
            "Routes[0.0.0.0/0]",
            "/Routes/0.0.0.0~10",
            inspected,
            "{'Routes':{'0.0.0.0/0':{'NatGatewayId':'nat-1'},'10.10.4.0/22':{'GatewayId':'vpce-1'}}}");
    assertThat(toNat.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(toNat.internet()).isTrue();
    assertThat(toNat.reason()).contains("NatGatewayId:nat-1");
    Exposure returnRouteGone =
        doc(
            "AWS::EC2::RouteTable",
            "Routes[10.10.4.0/22]",
            "/Routes/10.10.4.0~122",
            inspected,
            "{'Routes':{'0.0.0.0/0':{'GatewayId':'vpce-1'}}}");
    assertThat(returnRouteGone.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(returnRouteGone.internet()).isFalse();
    Exposure plainRouteGone =
        doc(
            "AWS::EC2::RouteTable",
            "Routes[10.20.0.0/16]",
            "/Routes/10.20.0.0~116",
            "{'Routes':{'10.20.0.0/16':{'TransitGatewayId':'tgw-1'}}}",
            "{'Routes':{}}");
    assertThat(plainRouteGone.access()).isEqualTo(Exposure.Access.NARROWED);
    Exposure defaultRouteGone =
        doc(
            "AWS::EC2::RouteTable",
            "Routes[0.0.0.0/0]",
            "/Routes/0.0.0.0~10",
            inspected,
            "{'Routes':{'10.10.4.0/22':{'GatewayId':'vpce-1'}}}");
    assertThat(defaultRouteGone.access())
        .as("no route is left for the internet: nothing goes past the firewall")
        .isEqualTo(Exposure.Access.NARROWED);
    Exposure anotherEndpoint =
        doc(
            "AWS::EC2::RouteTable",
            "Routes[0.0.0.0/0].GatewayId",
            "/Routes/0.0.0.0~10/GatewayId",
            "{'Routes':{'0.0.0.0/0':{'GatewayId':'vpce-1'}}}",
            "{'Routes':{'0.0.0.0/0':{'GatewayId':'vpce-2'}}}");
    assertThat(anotherEndpoint.access()).isEqualTo(Exposure.Access.UNKNOWN);
  }

  @Test
  void aNewRouteToAPeeringOrTransitGatewayOpensAPathToAnotherNetwork() throws Exception {
    for (String target :
        new String[] {"VpcPeeringConnectionId':'pcx-1", "TransitGatewayId':'tgw-1"}) {
      Exposure e =
          doc(
              "AWS::EC2::RouteTable",
              "Routes[10.30.0.0/16]",
              "/Routes/10.30.0.0~116",
              "{'Routes':{}}",
              "{'Routes':{'10.30.0.0/16':{'" + target + "'}}}");
      assertThat(e.access()).as(target).isEqualTo(Exposure.Access.WIDENED);
      assertThat(e.internet()).isFalse();
    }
    assertThat(
            doc(
                    "AWS::EC2::RouteTable",
                    "Routes[172.16.0.0/12]",
                    "/Routes/172.16.0.0~112",
                    "{'Routes':{}}",
                    "{'Routes':{'172.16.0.0/12':{'NatGatewayId':'nat-1'}}}")
                .access())
        .isEqualTo(Exposure.Access.UNKNOWN);
  }

  @Test
  void wafMetricsAndSamplesChangeNothingThatGetsThrough() throws Exception {
    assertThat(
            doc(
                    "AWS::WAFv2::WebACL",
                    "Rules[r].VisibilityConfig.CloudWatchMetricsEnabled",
                    "/V",
                    "{'V':true}",
                    "{'V':false}")
                .access())
        .isEqualTo(Exposure.Access.UNCHANGED);
  }

  @Test
  void aSubnetThatJoinsARouteTableToTheInternetIsWidenedOnlyThen() throws Exception {
    String publicTable = "{'Routes':{'0.0.0.0/0':{'GatewayId':'igw-1'}},'Subnets':['subnet-p']}";
    String publicTableJoined =
        "{'Routes':{'0.0.0.0/0':{'GatewayId':'igw-1'}},'Subnets':['subnet-d','subnet-p']}";
    Exposure joined =
        doc("AWS::EC2::RouteTable", "Subnets", "/Subnets", publicTable, publicTableJoined);
    assertThat(joined.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(joined.internet()).isTrue();
    String privateTable = "{'Routes':{'10.0.0.0/8':{'GatewayId':'igw-1'}},'Subnets':['subnet-p']}";
    String privateTableJoined =
        "{'Routes':{'10.0.0.0/8':{'GatewayId':'igw-1'}},'Subnets':['subnet-d','subnet-p']}";
    assertThat(
            doc("AWS::EC2::RouteTable", "Subnets", "/Subnets", privateTable, privateTableJoined)
                .access())
        .isEqualTo(Exposure.Access.UNKNOWN);
    assertThat(
            doc("AWS::EC2::RouteTable", "Subnets", "/Subnets", publicTableJoined, publicTable)
                .access())
        .isEqualTo(Exposure.Access.UNKNOWN);
  }

  @Test
  void aSubnetThatLeavesAManagedAclIsWidenedOneThatJoinsIsNot() throws Exception {
    String two = "{'Subnets':['subnet-a','subnet-b']}";
    String one = "{'Subnets':['subnet-b']}";
    assertThat(doc("AWS::EC2::NetworkAcl", "Subnets", "/Subnets", two, one).access())
        .isEqualTo(Exposure.Access.WIDENED);
    assertThat(doc("AWS::EC2::NetworkAcl", "Subnets", "/Subnets", one, two).access())
        .isEqualTo(Exposure.Access.UNKNOWN);
  }

  @Test
  void anInternetGatewayDetachedNarrowsAndAttachedElsewhereWidens() throws Exception {
    String attached = "{'Attachments':['vpc-1']}";
    Exposure detached =
        doc("AWS::EC2::InternetGateway", "Attachments", "/Attachments", attached, "{}");
    assertThat(detached.access()).isEqualTo(Exposure.Access.NARROWED);
    Exposure moved =
        doc(
            "AWS::EC2::InternetGateway",
            "Attachments",
            "/Attachments",
            attached,
            "{'Attachments':['vpc-2']}");
    assertThat(moved.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(moved.internet()).isTrue();
  }

  @Test
  void aWebAclDisassociatedWidensAndAssociatedNarrows() throws Exception {
    String alb = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/a/1";
    String with = "{'Associations':{'" + alb + "':{}}}";
    Exposure gone =
        doc(
            "AWS::WAFv2::WebACL",
            "Associations[" + alb + "]",
            "/Associations/" + alb.replace("/", "~1"),
            with,
            "{'Associations':{}}");
    assertThat(gone.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(gone.internet()).isTrue();
    Exposure added =
        doc(
            "AWS::WAFv2::WebACL",
            "Associations[" + alb + "]",
            "/Associations/" + alb.replace("/", "~1"),
            "{'Associations':{}}",
            with);
    assertThat(added.access()).isEqualTo(Exposure.Access.NARROWED);
  }

  @Test
  void aManagedRuleOverriddenFromCountToAllowIsWidenedPerRule() throws Exception {
    String count = "{'O':[{'Name':'SizeRestrictions_BODY','ActionToUse':{'Count':{}}}]}";
    String allow = "{'O':[{'Name':'SizeRestrictions_BODY','ActionToUse':{'Allow':{}}}]}";
    String block = "{'O':[{'Name':'SizeRestrictions_BODY','ActionToUse':{'Block':{}}}]}";
    String path = "Rules[m].Statement.ManagedRuleGroupStatement.RuleActionOverrides";
    assertThat(doc("AWS::WAFv2::WebACL", path, "/O", count, allow).access())
        .isEqualTo(Exposure.Access.WIDENED);
    assertThat(doc("AWS::WAFv2::WebACL", path, "/O", allow, count).access())
        .isEqualTo(Exposure.Access.NARROWED);
    assertThat(doc("AWS::WAFv2::WebACL", path, "/O", count, block).access())
        .isEqualTo(Exposure.Access.NARROWED);
    assertThat(doc("AWS::WAFv2::WebACL", path, "/O", "{'O':[]}", count).access())
        .isEqualTo(Exposure.Access.WIDENED);
    String swapped = "{'O':[{'Name':'Other','ActionToUse':{'Count':{}}}]}";
    assertThat(doc("AWS::WAFv2::WebACL", path, "/O", count, swapped).access())
        .isEqualTo(Exposure.Access.UNKNOWN);
  }

  @Test
  void aStatelessDefaultThatNoLongerForwardsToTheStatefulEngineIsWidened() throws Exception {
    String path = "FirewallPolicy.StatelessDefaultActions";
    String sfe = "{'A':['aws:forward_to_sfe']}";
    String pass = "{'A':['aws:pass']}";
    Exposure bypass = doc("AWS::NetworkFirewall::FirewallPolicy", path, "/A", sfe, pass);
    assertThat(bypass.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(bypass.internet()).isTrue();
    assertThat(doc("AWS::NetworkFirewall::FirewallPolicy", path, "/A", pass, sfe).access())
        .isEqualTo(Exposure.Access.NARROWED);
  }

  @Test
  void aSuricataRuleWhoseRevisionAloneChangedIsUnchanged() throws Exception {
    String path = "RuleGroup.RulesSource.RulesString[sid 7]";
    String rev1 = "{'R':'drop tcp any any -> any 22 (msg:\\'ssh\\'; sid:7; rev:1;)'}";
    String rev2 = "{'R':'drop tcp any any -> any 22 (msg:\\'ssh\\'; sid:7; rev:2;)'}";
    String port = "{'R':'drop tcp any any -> any 2222 (msg:\\'ssh\\'; sid:7; rev:2;)'}";
    assertThat(doc("AWS::NetworkFirewall::RuleGroup", path, "/R", rev1, rev2).access())
        .isEqualTo(Exposure.Access.UNCHANGED);
    assertThat(doc("AWS::NetworkFirewall::RuleGroup", path, "/R", rev1, port).access())
        .isEqualTo(Exposure.Access.UNKNOWN);
  }

  @Test
  void wafActionsWeakerAreWidenedStrongerNarrowed() throws Exception {
    String block = "{'Rules':{'r':{'Action':{'Block':{}}}}}";
    String count = "{'Rules':{'r':{'Action':{'Count':{}}}}}";
    assertThat(
            doc("AWS::WAFv2::WebACL", "Rules[r].Action", "/Rules/r/Action", block, count).access())
        .isEqualTo(Exposure.Access.WIDENED);
    assertThat(
            doc("AWS::WAFv2::WebACL", "Rules[r].Action", "/Rules/r/Action", count, block).access())
        .isEqualTo(Exposure.Access.NARROWED);
    assertThat(doc("AWS::WAFv2::WebACL", "Rules[r]", "/Rules/r", block, "{'Rules':{}}").access())
        .isEqualTo(Exposure.Access.WIDENED);
    String limit = "{'Rules':{'r':{'Statement':{'RateBasedStatement':{'Limit':2000}}}}}";
    assertThat(
            doc(
                    "AWS::WAFv2::WebACL",
                    "Rules[r].Statement.RateBasedStatement.Limit",
                    "/Rules/r/Statement/RateBasedStatement/Limit",
                    limit,
                    limit.replace("2000", "20000"))
                .access())
        .isEqualTo(Exposure.Access.WIDENED);
  }

  @Test
  void suricataActionsAndDomainListsAreClassedByStrength() throws Exception {
    String drop =
        "{'RuleGroup':{'RulesSource':{'RulesString':{'sid 1':'drop tcp any any -> any 22 (sid:1;)'}}}}";
    String alert = drop.replace("drop tcp", "alert tcp");
    String path = "RuleGroup.RulesSource.RulesString[sid 1]";
    String pointer = "/RuleGroup/RulesSource/RulesString/sid 1";
    assertThat(doc("AWS::NetworkFirewall::RuleGroup", path, pointer, drop, alert).access())
        .isEqualTo(Exposure.Access.WIDENED);
    assertThat(doc("AWS::NetworkFirewall::RuleGroup", path, pointer, alert, drop).access())
        .isEqualTo(Exposure.Access.NARROWED);
    String pass =
        "{'RuleGroup':{'RulesSource':{'RulesString':{'sid 9':'pass tcp any any -> any any (sid:9;)'}}}}";
    assertThat(
            doc(
                    "AWS::NetworkFirewall::RuleGroup",
                    "RuleGroup.RulesSource.RulesString[sid 9]",
                    "/RuleGroup/RulesSource/RulesString/sid 9",
                    "{'RuleGroup':{'RulesSource':{'RulesString':{}}}}",
                    pass)
                .access())
        .isEqualTo(Exposure.Access.WIDENED);
    String list =
        "{'RuleGroup':{'RulesSource':{'RulesSourceList':{'GeneratedRulesType':'ALLOWLIST','Targets':['.example.com']}}}}";
    assertThat(
            doc(
                    "AWS::NetworkFirewall::RuleGroup",
                    "RuleGroup.RulesSource.RulesSourceList.Targets",
                    "/RuleGroup/RulesSource/RulesSourceList/Targets",
                    list,
                    list.replace("['.example.com']", "['.example.com','.evil.test']"))
                .access())
        .isEqualTo(Exposure.Access.WIDENED);
  }

  @Test
  void aBlockAddedToAPrefixListOpensWhatNamesItAndOneRemovedClosesIt() throws Exception {
    String approved = "{'Entries':{'10.20.0.0/16':{'Description':'internal'}}}";
    String added = "{'Entries':{'10.20.0.0/16':{'Description':'internal'},'0.0.0.0/0':{}}}";
    String addedPrivate =
        "{'Entries':{'10.20.0.0/16':{'Description':'internal'},'10.30.0.0/16':{}}}";
    String described = "{'Entries':{'10.20.0.0/16':{'Description':'tools'}}}";

    Exposure open =
        doc("AWS::EC2::PrefixList", "Entries[0.0.0.0/0]", "/Entries/0.0.0.0~10", approved, added);
    assertThat(open.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(open.internet()).isTrue();
    Exposure internal =
        doc(
            "AWS::EC2::PrefixList",
            "Entries[10.30.0.0/16]",
            "/Entries/10.30.0.0~116",
            approved,
            addedPrivate);
    assertThat(internal.access()).isEqualTo(Exposure.Access.WIDENED);
    assertThat(internal.internet()).isFalse();
    assertThat(
            doc(
                    "AWS::EC2::PrefixList",
                    "Entries[0.0.0.0/0]",
                    "/Entries/0.0.0.0~10",
                    added,
                    approved)
                .access())
        .isEqualTo(Exposure.Access.NARROWED);
    assertThat(
            doc(
                    "AWS::EC2::PrefixList",
                    "Entries[10.20.0.0/16].Description",
                    "/Entries/10.20.0.0~116/Description",
                    approved,
                    described)
                .access())
        .isEqualTo(Exposure.Access.UNCHANGED);
  }

  @Test
  void aTransitGatewayThatPropagatesOrAssociatesByDefaultJoinsSegments() throws Exception {
    String apart =
        "{'DefaultRouteTablePropagation':'disable','DefaultRouteTableAssociation':'disable',"
            + "'AutoAcceptSharedAttachments':'disable','Description':'segments'}";
    for (String setting :
        new String[] {
          "DefaultRouteTablePropagation",
          "DefaultRouteTableAssociation",
          "AutoAcceptSharedAttachments"
        }) {
      String joined = apart.replace("'" + setting + "':'disable'", "'" + setting + "':'enable'");
      assertThat(doc("AWS::EC2::TransitGateway", setting, "/" + setting, apart, joined).access())
          .as(setting)
          .isEqualTo(Exposure.Access.WIDENED);
      assertThat(doc("AWS::EC2::TransitGateway", setting, "/" + setting, joined, apart).access())
          .as(setting)
          .isEqualTo(Exposure.Access.NARROWED);
    }
    assertThat(
            doc(
                    "AWS::EC2::TransitGateway",
                    "Description",
                    "/Description",
                    apart,
                    apart.replace("segments", "other"))
                .access())
        .isEqualTo(Exposure.Access.UNKNOWN);
  }

  @Test
  void anEndpointPolicyThatAllowsEverythingIsWidenedAndOneThatAllowsLessNarrowed()
      throws Exception {
    String narrow =
        "{'PolicyDocument':{'Statement':[{'Action':['s3:getobject'],'Effect':'Allow',"
            + "'Principal':'*','Resource':['arn:aws:s3:::data/*']}]}}";
    String everything =
        "{'PolicyDocument':{'Statement':[{'Action':['*'],'Effect':'Allow',"
            + "'Principal':'*','Resource':['*']}]}}";
    String none = "{'PolicyDocument':{'Statement':[]}}";
    String path = "PolicyDocument.Statement";
    String pointer = "/PolicyDocument/Statement";

    assertThat(doc("AWS::EC2::VPCEndpoint", path, pointer, narrow, everything).access())
        .isEqualTo(Exposure.Access.WIDENED);
    assertThat(doc("AWS::EC2::VPCEndpoint", path, pointer, everything, narrow).access())
        .isEqualTo(Exposure.Access.NARROWED);
    String other = narrow.replace("s3:getobject", "s3:putobject");
    assertThat(doc("AWS::EC2::VPCEndpoint", path, pointer, narrow, other).access())
        .isEqualTo(Exposure.Access.UNKNOWN);
    assertThat(doc("AWS::EC2::VPCEndpoint", path, pointer, narrow, none).access())
        .isEqualTo(Exposure.Access.NARROWED);
  }

  @Test
  void aDnsRuleThatNoLongerBlocksIsWidenedAndOneThatNowBlocksNarrowed() throws Exception {
    String blocking =
        "{'FirewallRules':[{'Priority':100,'Action':'ALLOW'},{'Priority':200,'Action':'BLOCK'}]}";
    String allowing =
        "{'FirewallRules':[{'Priority':100,'Action':'ALLOW'},{'Priority':200,'Action':'ALLOW'}]}";
    String rule = "AWS::Route53Resolver::FirewallRuleGroup";

    assertThat(doc(rule, "FirewallRules", "/FirewallRules", blocking, allowing).access())
        .isEqualTo(Exposure.Access.WIDENED);
    assertThat(doc(rule, "FirewallRules", "/FirewallRules", allowing, blocking).access())
        .isEqualTo(Exposure.Access.NARROWED);
  }
}
