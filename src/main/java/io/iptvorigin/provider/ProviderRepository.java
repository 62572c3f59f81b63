package io.iptvorigin.provider;

import io.iptvorigin.common.LuaScript;
import io.iptvorigin.common.RecordScripts;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Providers in Redis: {@code provider:{id}} (JSON) and {@code providers:all} (set), written by Lua
 * scripts that compare the record with the one the caller read, as channels are, so two panel calls
 * racing cannot undo each other.
 */
@ApplicationScoped
public class ProviderRepository {
  static final String ALL = "providers:all";

  /** Outcome of a write script. */
  public enum Write {
    OK,
    EXISTS,
    CONFLICT
  }

  // KEYS: providers:all  returns every provider's JSON: one round trip, one consistent view.
  private static final LuaScript LIST =
      new LuaScript(
          """
          local result = {}
          for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            local json = redis.call('GET', 'provider:' .. id)
            if json then result[#result + 1] = json end
          end
          return result
          """);

  @Inject Redis redis;

  /** A provider together with the exact JSON it was read from, for compare-and-set writes. */
  public record Stored(Provider provider, String json) {}

  public Optional<Stored> find(String id) {
    String json = redis.call(j -> j.get(providerKey(id)));
    return json == null
        ? Optional.empty()
        : Optional.of(new Stored(Provider.fromStoredJson(json), json));
  }

  public boolean exists(String id) {
    return redis.call(j -> j.exists(providerKey(id)));
  }

  /** Every provider, in id order. */
  public List<Provider> list() {
    List<?> raw = redis.call(j -> (List<?>) LIST.run(j, List.of(ALL), List.of()));
    List<Provider> providers = new ArrayList<>(raw.size());
    raw.forEach(json -> providers.add(Provider.fromStoredJson(Objects.toString(json))));
    providers.sort(Comparator.comparing(Provider::id));
    return providers;
  }

  public Write create(Provider provider) {
    return run(
        RecordScripts.CREATE, provider.id(), List.of(provider.toStoredJson(), provider.id()));
  }

  public Write update(Stored current, Provider changed) {
    return run(
        RecordScripts.UPDATE,
        changed.id(),
        List.of(current.json(), changed.toStoredJson(), changed.id()));
  }

  public Write delete(Stored current) {
    return run(
        RecordScripts.DELETE,
        current.provider().id(),
        List.of(current.json(), current.provider().id()));
  }

  private Write run(LuaScript script, String id, List<String> args) {
    List<String> keys = List.of(providerKey(id), ALL);
    Object result = redis.call(jedis -> script.run(jedis, keys, args));
    return Write.valueOf(Objects.toString(result));
  }

  /** Also read by the slot scripts, for the limit. */
  public static String providerKey(String id) {
    return "provider:" + id;
  }
}
