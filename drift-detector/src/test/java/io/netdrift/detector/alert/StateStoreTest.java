package io.netdrift.detector.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.detector.model.Attribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert state survives a round trip, and a state it cannot read is never overwritten. */
class StateStoreTest {
  @TempDir Path dir;

  static AlertState state() {
    Instant t = Instant.parse("2026-11-30T09:00:00Z");
    return new AlertState(
        Optional.of(t),
        Map.of(
            "0123456789abcdef",
            new AlertState.Entry(
                "0123456789abcdef",
                "Net",
                "sg-1",
                "UNMANAGED AWS::EC2::SecurityGroup sg-1 ingress tcp 22 from 0.0.0.0/0 in Net",
                "critical",
                t,
                t.plusSeconds(3600),
                "C0NETDRIFT",
                "1764489600.000001",
                new Attribution(
                    true,
                    "arn:aws:iam::123456789012:user/jane.doe",
                    "AuthorizeSecurityGroupIngress",
                    t.minusSeconds(60),
                    "203.0.113.10",
                    "aws-cli/2.15.0",
                    ""))));
  }

  @Test
  void whatIsSavedIsWhatIsLoaded() {
    StateStore store =
        StateStore.of(dir.resolve("a/state.json").toString(), Optional.empty(), Optional.empty());

    assertThat(store.load()).isEqualTo(AlertState.empty());
    store.save(state());

    assertThat(store.load()).isEqualTo(state());
    assertThat(store.load().knownAttributions()).containsKey("0123456789abcdef");
  }

  @Test
  void aCorruptStateIsAnErrorNamingTheFileAndIsLeftAsItIs() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{ not json");
    StateStore store = StateStore.of(file.toString(), Optional.empty(), Optional.empty());

    assertThatThrownBy(store::load)
        .isInstanceOf(AlertException.class)
        .hasMessageStartingWith(file + ": the alert state is not valid JSON")
        .hasMessageContaining("it is not overwritten");
    assertThat(Files.readString(file)).isEqualTo("{ not json");
  }

  @Test
  void aStateOfAnotherVersionIsRefused() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{\"version\": 7, \"alerts\": {}}");

    assertThatThrownBy(
            () -> StateStore.of(file.toString(), Optional.empty(), Optional.empty()).load())
        .isInstanceOf(AlertException.class)
        .hasMessageContaining("not a Netdrift alert state of version 1 (found version 7)");
  }

  @Test
  void anS3LocationNeedsABucketAndAKey() {
    assertThatThrownBy(
            () -> StateStore.of("s3://only-a-bucket", Optional.of("eu-west-1"), Optional.empty()))
        .isInstanceOf(AlertException.class)
        .hasMessageContaining("s3://BUCKET/KEY");
  }
}
