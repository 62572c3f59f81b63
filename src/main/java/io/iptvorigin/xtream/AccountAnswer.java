package io.iptvorigin.xtream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;
import io.iptvorigin.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The login answer of {@code player_api.php}, field by field with the JSON types XC servers send
 * and apps parse: numbers where apps expect numbers ({@code auth}, {@code timestamp_now}), strings
 * everywhere else, even for counts and dates.
 */
final class AccountAnswer {
  /**
   * What XC apps understand as a failed login, for every reason alike: wrong username, wrong
   * password, disabled or expired.
   */
  static final byte[] REFUSED = "{\"user_info\":{\"auth\":0}}".getBytes(StandardCharsets.US_ASCII);

  /**
   * The formats apps may ask for, the one library clients should pick first at the front (they take
   * the first entry). HLS first: its segments are files nginx serves to every viewer with sendfile
   * and a front tier can cache, and a player that drops a segment fetches it again; a TS stream is
   * one long response per viewer that ends on any network hiccup.
   */
  static final String[] OUTPUT_FORMATS = {"m3u8", "ts"};

  private AccountAnswer() {}

  static ObjectNode login(
      XtreamLogin.Outcome outcome,
      String password,
      String message,
      ServerInfo server,
      Instant now) {
    User user = outcome.account().user();
    ObjectNode info = Json.object();
    info.put("username", user.username());
    // XC echoes the password to its owner, who just sent it; it is never read from storage.
    info.put("password", password);
    info.put("message", message);
    info.put("auth", 1);
    info.put("status", "Active");
    if (user.expiry().isPresent()) {
      info.put("exp_date", Long.toString(user.expiry().get().getEpochSecond()));
    } else {
      info.putNull("exp_date");
    }
    info.put("is_trial", "0");
    info.put("active_cons", Long.toString(outcome.activeConnections()));
    info.put("created_at", Long.toString(outcome.account().createdAt().getEpochSecond()));
    info.put("max_connections", Integer.toString(user.maxConnections()));
    ArrayNode formats = info.putArray("allowed_output_formats");
    for (String format : OUTPUT_FORMATS) {
      formats.add(format);
    }
    ObjectNode answer = Json.object();
    answer.set("user_info", info);
    answer.set("server_info", server.toJson(now));
    return answer;
  }
}
