package io.netdrift.emulator;

/** An error the emulator answers the way the real service does: HTTP status, code, message. */
final class AwsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  AwsError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
