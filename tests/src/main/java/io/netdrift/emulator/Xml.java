package io.netdrift.emulator;

/** A small XML writer for the emulator's answers: elements in order, text escaped. */
final class Xml {
  private final StringBuilder out = new StringBuilder();

  Xml open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  Xml open(String name, String namespace) {
    out.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
    return this;
  }

  Xml close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  /** An element with text; nothing at all where the value is null, as AWS leaves fields out. */
  Xml element(String name, Object value) {
    if (value != null) {
      out.append('<')
          .append(name)
          .append('>')
          .append(escape(value.toString()))
          .append("</")
          .append(name)
          .append('>');
    }
    return this;
  }

  /**
   * An EC2 list answer: {@code <ActionResponse>} with its request id, the page's items each in an
   * {@code item} under {@code set}, and the next page's token where there is one.
   */
  static <T> String page(
      String response,
      String requestId,
      String set,
      Page<T> page,
      java.util.function.BiConsumer<Xml, T> render) {
    Xml xml = new Xml().open(response, Ec2Api.NAMESPACE).element("requestId", requestId).open(set);
    for (T item : page.items()) {
      xml.open("item");
      render.accept(xml, item);
      xml.close("item");
    }
    return xml.close(set).element("nextToken", page.nextToken()).close(response).toString();
  }

  static String escape(String text) {
    if (!needsEscape(text)) {
      return text;
    }
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&apos;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  private static boolean needsEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      switch (text.charAt(i)) {
        case '&', '<', '>', '"', '\'' -> {
          return true;
        }
        default -> {}
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out;
  }
}
