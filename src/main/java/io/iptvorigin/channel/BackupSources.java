package io.iptvorigin.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Fields;
import io.iptvorigin.common.HttpUrls;
import io.iptvorigin.common.InvalidFieldException;
import io.iptvorigin.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code backup_urls} field: an array of URLs or of objects {@code {"url", "user_agent",
 * "referer", "origin", "cookie", "http_proxy"}}, each URL validated like {@code source_url}. A
 * plain string is a source with no request settings of its own. At most {@value #MAX} backups: the
 * supervisor walks the list once per failure, and a longer list only delays the slate.
 */
final class BackupSources {
  static final int MAX = 10;
  private static final String FIELD = "backup_urls";
  private static final int MAX_HEADER = 1024;
  private static final Set<String> KNOWN =
      Set.of("url", "user_agent", "referer", "origin", "cookie", "http_proxy");

  private BackupSources() {}

  /** Empty when the body does not name the field; JSON null clears the list. */
  static Optional<List<Source>> parse(ObjectNode body) {
    JsonNode node = body.get(FIELD);
    if (node == null) {
      return Optional.empty();
    }
    if (node.isNull()) {
      return Optional.of(List.of());
    }
    if (!node.isArray()) {
      throw new InvalidFieldException(FIELD, "must be an array of URLs or source objects");
    }
    if (node.size() > MAX) {
      throw new InvalidFieldException(FIELD, "must hold at most " + MAX + " sources");
    }
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      sources.add(source(node.get(i), FIELD + "[" + i + "]"));
    }
    return Optional.of(List.copyOf(sources));
  }

  private static Source source(JsonNode node, String name) {
    if (node.isTextual()) {
      return Source.of(url(node.textValue(), name));
    }
    if (!node.isObject()) {
      throw new InvalidFieldException(name, "must be a URL or an object with a url");
    }
    ObjectNode object = (ObjectNode) node;
    object
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!KNOWN.contains(f)) {
                throw new InvalidFieldException(name + "." + f, "is not a source setting");
              }
            });
    String url =
        url(
            Fields.string(object, "url")
                .orElseThrow(() -> new InvalidFieldException(name + ".url", "is required")),
            name + ".url");
    return new Source(
        url,
        header(object, "user_agent", name),
        header(object, "referer", name),
        header(object, "origin", name),
        header(object, "cookie", name),
        Fields.nullableString(object, "http_proxy")
            .flatMap(v -> v)
            .filter(v -> !v.isEmpty())
            .map(v -> HttpUrls.check(v, name + ".http_proxy", Set.of("http")))
            .orElse(null));
  }

  private static String url(String value, String name) {
    return HttpUrls.check(value, name, HttpUrls.HTTP_OR_HTTPS);
  }

  private static String header(ObjectNode object, String field, String name) {
    return Fields.nullableString(object, field)
        .flatMap(v -> v)
        .map(v -> Fields.singleLine(v, name + "." + field, MAX_HEADER))
        .orElse(null);
  }

  /** The list as channels.txt holds it: the JSON array, compact. */
  static String toCell(List<Source> sources) {
    var array = Json.array();
    sources.forEach(s -> array.add(s.toJson()));
    return Json.write(array);
  }
}
