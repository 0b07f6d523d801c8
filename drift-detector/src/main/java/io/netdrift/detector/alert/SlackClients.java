package io.netdrift.detector.alert;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Slack client per Web API URL for the whole process. Every Slack configuration starts a
 * metrics thread of its own, even with statistics off, and a function posts run after run: made per
 * message, they would pile up until the function ran out of threads.
 */
final class SlackClients {
  private static final Map<String, Slack> SHARED = new ConcurrentHashMap<>();

  private SlackClients() {}

  /**
   * The client for {@code apiUrl} (Slack's methods endpoint prefix; null or blank: Slack's own).
   */
  static Slack of(String apiUrl) {
    String key =
        apiUrl == null || apiUrl.isBlank() ? "" : apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    return SHARED.computeIfAbsent(
        key,
        url -> {
          SlackConfig config = new SlackConfig();
          config.setStatsEnabled(false);
          config.setPrettyResponseLoggingEnabled(false);
          config.setFailOnUnknownProperties(false);
          if (!url.isEmpty()) {
            config.setMethodsEndpointUrlPrefix(url);
          }
          return Slack.getInstance(config);
        });
  }
}
