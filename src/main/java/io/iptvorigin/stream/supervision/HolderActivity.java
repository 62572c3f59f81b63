package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.resps.Tuple;

/**
 * What {@link EvictionChoice} weighs for the channels holding a provider's slots, read in one
 * pipeline: each one's viewers with when they were last seen, its last viewer request, and whether
 * its record says always on.
 */
@ApplicationScoped
public class HolderActivity {
  @Inject Redis redis;

  List<EvictionChoice.Holder> of(List<String> channelIds) {
    return redis.call(
        jedis -> {
          Pipeline p = jedis.pipelined();
          List<Response<List<Tuple>>> viewers = new ArrayList<>();
          List<Response<String>> lastAccess = new ArrayList<>();
          List<Response<String>> records = new ArrayList<>();
          for (String id : channelIds) {
            viewers.add(p.zrangeWithScores(StreamState.viewersKey(id), 0, -1));
            lastAccess.add(p.get(StreamState.lastAccessKey(id)));
            records.add(p.get(ChannelRepository.channelKey(id)));
          }
          p.sync();
          List<EvictionChoice.Holder> holders = new ArrayList<>();
          for (int i = 0; i < channelIds.size(); i++) {
            Map<String, Instant> seen = new HashMap<>();
            for (Tuple t : viewers.get(i).get()) {
              seen.put(t.getElement(), Instant.ofEpochMilli((long) t.getScore()));
            }
            String record = records.get(i).get();
            boolean alwaysOn =
                record != null && Channel.fromStoredJson(record).resilience().alwaysOn();
            holders.add(
                new EvictionChoice.Holder(
                    channelIds.get(i), epochSeconds(lastAccess.get(i).get()), seen, alwaysOn));
          }
          return holders;
        });
  }

  private static Optional<Instant> epochSeconds(String value) {
    return Optional.ofNullable(value)
        .map(v -> Instant.ofEpochMilli(new BigDecimal(v).movePointRight(3).longValue()));
  }
}
