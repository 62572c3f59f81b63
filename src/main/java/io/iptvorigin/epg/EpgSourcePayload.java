package io.iptvorigin.epg;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Fields;
import io.iptvorigin.common.HttpUrls;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The source JSON the panel sends: {@code {"id":"uk","url":"http://…/epg.xml.gz",
 * "refresh_minutes":720}}. POST needs id and url; PUT changes what it names. The URL is http or
 * https only, like a channel's upstream, and checked against the same address rules.
 */
public final class EpgSourcePayload {
  static final int DEFAULT_REFRESH_MINUTES = 720;
  static final int MIN_REFRESH_MINUTES = 10;
  static final int MAX_REFRESH_MINUTES = 7 * 24 * 60;
  private static final String ID_RULE = "[A-Za-z0-9_-]{1,64}";
  private static final Pattern ID = Pattern.compile(ID_RULE);

  private final Optional<String> id;
  private final Optional<String> url;
  private final Optional<Integer> refreshMinutes;

  private EpgSourcePayload(ObjectNode body) {
    id = Fields.string(body, "id").map(EpgSourcePayload::checkId);
    url = Fields.string(body, "url").map(v -> HttpUrls.check(v, "url", HttpUrls.HTTP_OR_HTTPS));
    refreshMinutes =
        Fields.integer(body, "refresh_minutes", MIN_REFRESH_MINUTES, MAX_REFRESH_MINUTES);
  }

  public static EpgSourcePayload parse(ObjectNode body) {
    return new EpgSourcePayload(body);
  }

  /** A source id: it goes into Redis keys and URLs as it is. */
  public static String checkId(String value) {
    return Fields.matching(value, "id", ID, ID_RULE);
  }

  Optional<String> url() {
    return url;
  }

  EpgSource toNewSource() {
    return new EpgSource(
        Fields.required(id, "id"),
        Fields.required(url, "url"),
        refreshMinutes.orElse(DEFAULT_REFRESH_MINUTES));
  }

  EpgSource applyTo(EpgSource current) {
    id.ifPresent(
        newId -> {
          if (!newId.equals(current.id())) {
            throw new ApiException(400, "invalid field 'id': a source id cannot change");
          }
        });
    return new EpgSource(
        current.id(), url.orElse(current.url()), refreshMinutes.orElse(current.refreshMinutes()));
  }
}
