package io.netdrift.detector.alert;

import io.netdrift.detector.model.DriftException;

/** An alert could not be delivered; the message never contains the webhook URL or a token. */
public final class AlertException extends DriftException {
  private static final long serialVersionUID = 1L;

  public AlertException(String message) {
    super(message);
  }

  public AlertException(String message, Throwable cause) {
    super(message, cause);
  }
}
