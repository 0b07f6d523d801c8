package io.netdrift.detector.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdrift.detector.model.Canonical;
import io.netdrift.detector.model.FindingKind;
import io.netdrift.detector.model.ResourceDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two canonical documents of one resource, property by property. Objects are entered where
 * the two sides share a key (a rule, a statement); where they share none ({@code {"Block":{}}}
 * against {@code {"Count":{}}}) the whole value changed. Members of identity-keyed collections that
 * only one side has are added (unmanaged) or removed (missing).
 */
public final class DocumentDiff {
  /**
   * One difference. {@code path} reads like the document: {@code Entries[ingress 100].CidrBlock},
   * {@code Rules[rate-limit].Statement.RateBasedStatement.Limit}; null means absent on that side.
   */
  public record Change(
      String path, String pointer, JsonNode approved, JsonNode live, FindingKind kind) {}

  private DocumentDiff() {}

  /** The differences between approved and live, in document order. */
  public static List<Change> compare(ResourceDocument approved, ResourceDocument live) {
    List<Change> changes = new ArrayList<>();
    walk("", "", approved.document(), live.document(), approved.collections(), changes);
    return changes;
  }

  private static void walk(
      String pointer,
      String path,
      JsonNode a,
      JsonNode b,
      Set<String> collections,
      List<Change> out) {
    if (a != null && a.equals(b)) {
      return;
    }
    boolean collection = collections.contains(pointer);
    if (a != null
        && b != null
        && a.isObject()
        && b.isObject()
        && (collection || a.isEmpty() || b.isEmpty() || sharesAKey(a, b))) {
      Set<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        String childPointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
        String childPath =
            collection ? path + "[" + key + "]" : path.isEmpty() ? key : path + "." + key;
        JsonNode ca = a.get(key);
        JsonNode cb = b.get(key);
        if (collection && (ca == null || cb == null)) {
          out.add(
              new Change(
                  childPath,
                  childPointer,
                  ca,
                  cb,
                  ca == null ? FindingKind.UNMANAGED : FindingKind.MISSING));
        } else {
          walk(childPointer, childPath, ca, cb, collections, out);
        }
      }
      return;
    }
    out.add(
        new Change(path.isEmpty() ? "(whole resource)" : path, pointer, a, b, FindingKind.CHANGED));
  }

  private static boolean sharesAKey(JsonNode a, JsonNode b) {
    for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
      if (b.has(it.next())) {
        return true;
      }
    }
    return false;
  }

  /** A change's value as text for a finding; empty for "absent". */
  public static String text(JsonNode value) {
    return value == null ? "" : Canonical.text(value);
  }
}
