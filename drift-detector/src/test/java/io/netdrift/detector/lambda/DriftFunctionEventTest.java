package io.netdrift.detector.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Which resources a CloudTrail event names, as Netdrift's physical ids. */
class DriftFunctionEventTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static java.util.Set<String> touched(String json) throws Exception {
    return DriftFunction.touchedResources(JSON.readTree(json.replace('\'', '"')));
  }

  @Test
  void aScheduledEventNamesNothing() throws Exception {
    assertThat(touched("{'detail-type':'Scheduled Event','source':'aws.events','detail':{}}"))
        .isEmpty();
  }

  @Test
  void ec2AndNetworkFirewallCallsNameTheirIdsAndArns() throws Exception {
    assertThat(
            touched(
                "{'detail-type':'AWS API Call via CloudTrail','detail':{'eventSource':'ec2.amazonaws.com',"
                    + "'requestParameters':{'networkAclId':'acl-1','ruleNumber':90}}}"))
        .containsExactly("acl-1");
    assertThat(
            touched(
                "{'detail-type':'AWS API Call via CloudTrail','detail':{'eventSource':'network-firewall.amazonaws.com',"
                    + "'requestParameters':{'ruleGroupArn':'arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/x'}}}"))
        .containsExactly("arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/x");
  }

  @Test
  void aWafCallNamesTheWebAclAsNameIdScope() throws Exception {
    assertThat(
            touched(
                "{'detail-type':'AWS API Call via CloudTrail','detail':{'eventSource':'wafv2.amazonaws.com',"
                    + "'requestParameters':{'name':'edge','id':'0example-1','scope':'REGIONAL','lockToken':'t'}}}"))
        .containsExactly("edge|0example-1|REGIONAL");
  }
}
