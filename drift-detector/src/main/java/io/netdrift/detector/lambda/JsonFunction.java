package io.netdrift.detector.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netdrift.detector.alert.Retrying;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;

/**
 * A Netdrift function: a JSON event in, a JSON answer out, configured by its environment. Tests and
 * the benchmark give it the environment, clock and retry wait and run it in process.
 */
abstract class JsonFunction implements RequestStreamHandler {
  static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, String> env;
  final Clock clock;
  final Retrying.Sleeper sleeper;

  JsonFunction(Map<String, String> env, Clock clock, Retrying.Sleeper sleeper) {
    this.env = env;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = JSON.readTree(input.readAllBytes());
    output.write(JSON.writeValueAsBytes(handle(event == null ? JSON.createObjectNode() : event)));
  }

  /** Answers {@code event}, or throws where the invocation must fail. */
  public abstract ObjectNode handle(JsonNode event) throws IOException;

  /** The environment, read as the detector stack sets it. */
  FunctionEnv environment() {
    return new FunctionEnv(env);
  }
}
