package io.netdrift.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The S3 object calls Netdrift's state store makes, path-style ({@code /bucket/key}): PutObject,
 * GetObject, HeadObject, with S3's error XML ({@code NoSuchBucket}, {@code NoSuchKey}). Buckets are
 * created by the test, as the detector stack would at deploy time.
 */
public final class S3Api {
  /** One stored object. */
  public record StoredObject(byte[] body, String contentType, String etag) {}

  /** An answer: status, headers, body. */
  record Answer(int status, Map<String, String> headers, byte[] body) {}

  private final Set<String> buckets = ConcurrentHashMap.newKeySet();
  private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();

  /** Creates a bucket. */
  public void createBucket(String bucket) {
    buckets.add(bucket);
  }

  /** The object at {@code bucket/key}, or null. */
  public StoredObject object(String bucket, String key) {
    return objects.get(bucket + "/" + key);
  }

  /** Stores {@code body} at {@code bucket/key}, as a PutObject would. */
  public void put(String bucket, String key, byte[] body) {
    handle("PUT", "/" + bucket + "/" + key, body, null, "put-" + key);
  }

  /** Every key stored, sorted. */
  public List<String> keys() {
    return List.copyOf(new TreeMap<>(objects).keySet());
  }

  /** The operation a request is, for the call log: {@code GetObject}, {@code PutObject}. */
  static String operation(String method) {
    return switch (method) {
      case "PUT" -> "PutObject";
      case "HEAD" -> "HeadObject";
      case "DELETE" -> "DeleteObject";
      default -> "GetObject";
    };
  }

  Answer handle(String method, String path, byte[] body, String contentType, String requestId) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.indexOf('/');
    String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
    String key = slash < 0 ? "" : trimmed.substring(slash + 1);
    if (!buckets.contains(bucket)) {
      return error(404, "NoSuchBucket", "The specified bucket does not exist", bucket, requestId);
    }
    if (key.isEmpty()) {
      return error(400, "InvalidRequest", "bucket operations are not emulated", bucket, requestId);
    }
    String id = bucket + "/" + key;
    switch (method) {
      case "PUT" -> {
        String etag = "\"" + md5(body) + "\"";
        objects.put(
            id,
            new StoredObject(
                body, contentType == null ? "binary/octet-stream" : contentType, etag));
        return new Answer(200, Map.of("ETag", etag), new byte[0]);
      }
      case "GET", "HEAD" -> {
        StoredObject object = objects.get(id);
        if (object == null) {
          return error(404, "NoSuchKey", "The specified key does not exist.", key, requestId);
        }
        return new Answer(
            200,
            Map.of("ETag", object.etag(), "Content-Type", object.contentType()),
            method.equals("HEAD") ? new byte[0] : object.body());
      }
      case "DELETE" -> {
        objects.remove(id);
        return new Answer(204, Map.of(), new byte[0]);
      }
      default -> {
        return error(405, "MethodNotAllowed", "not allowed", key, requestId);
      }
    }
  }

  /**
   * The payload of an {@code aws-chunked} body, as the SDK sends PutObject with a trailing
   * checksum: {@code <hex size>[;chunk-signature=…]\r\n<data>\r\n} … {@code 0\r\n<trailers>}.
   */
  static byte[] decodeChunked(byte[] body) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int eol = indexOfCrLf(body, at);
      if (eol < 0) {
        break;
      }
      String header = new String(body, at, eol - at, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(body, eol + 2, size);
      at = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrLf(byte[] body, int from) {
    for (int i = from; i + 1 < body.length; i++) {
      if (body[i] == '\r' && body[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static Answer error(
      int status, String code, String message, String resource, String requestId) {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message><Resource>"
            + resource
            + "</Resource><RequestId>"
            + requestId
            + "</RequestId></Error>";
    return new Answer(
        status, Map.of("Content-Type", "application/xml"), xml.getBytes(StandardCharsets.UTF_8));
  }

  private static String md5(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }
}
