package io.iptvorigin.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.channel.ProviderDirectory;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Fields;
import io.iptvorigin.common.InvalidFieldException;
import java.util.Optional;
import java.util.Set;

/**
 * The provider JSON the panel sends: {@code {"id":"acme","max_connections":1}}. POST needs both;
 * PUT needs {@code max_connections} (the id, if sent, must be the one in the path). Any other field
 * is refused rather than ignored: a limit that silently did not apply costs the operator money.
 */
public final class ProviderPayload {
  static final int MAX_CONNECTIONS = 10_000;
  private static final Set<String> FIELDS = Set.of("id", "max_connections");

  private final Optional<String> id;
  private final Optional<Integer> maxConnections;

  private ProviderPayload(ObjectNode body) {
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw new ApiException(
                    400, "unknown field '" + name + "': a provider has id and max_connections");
              }
            });
    id = Fields.string(body, "id").map(ProviderPayload::checkId);
    maxConnections = Fields.integer(body, "max_connections", 1, MAX_CONNECTIONS);
  }

  public static ProviderPayload parse(ObjectNode body) {
    return new ProviderPayload(body);
  }

  /** A provider id: it goes into Redis keys and URLs as it is. */
  public static String checkId(String value) {
    return Fields.matching(value, "id", ProviderDirectory.ID, ProviderDirectory.ID.pattern());
  }

  Provider toNewProvider() {
    return new Provider(
        Fields.required(id, "id"),
        maxConnections.orElseThrow(
            () -> new InvalidFieldException("max_connections", "is required")));
  }

  Provider applyTo(Provider current) {
    id.ifPresent(
        newId -> {
          if (!newId.equals(current.id())) {
            throw new ApiException(400, "invalid field 'id': a provider id cannot change");
          }
        });
    return new Provider(
        current.id(),
        maxConnections.orElseThrow(
            () -> new InvalidFieldException("max_connections", "is required")));
  }
}
