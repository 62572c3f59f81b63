package io.iptvorigin.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.OriginStack;
import java.nio.file.Files;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** channels.txt refills an empty Redis when the application starts, and never overwrites. */
@ExtendWith(ArquillianExtension.class)
class ChannelsRestoreIT {
  private static final String DEPLOYMENT = "restore";
  private static final String FILE =
      """
      # iptv-origin channels.txt v1
      channel_id|name|source_url|logo|category|quality|order|category_order|is_active
      r1|Restored One|http://up.example/1.ts|images/1.png|News|high|1|1|true
      r2|Pipe%7CName|http://up.example/2.ts||News|low|2|1|false
      bad id|Broken|http://up.example/3.ts||News|low|3|1|true
      r4|Local|file:///etc/passwd||News|low|3|1|true
      """;

  @RegisterExtension static final OriginStack stack = OriginStack.deployedByTheTest(DEPLOYMENT);

  @ArquillianResource Deployer deployer;

  @Test
  void emptyRedisIsRefilledFromChannelsTxtAtStartSkippingInvalidLines() throws Exception {
    Files.createDirectories(ItEnvironment.workDir());
    Files.writeString(ItEnvironment.channelsFile(), FILE);
    try (Jedis redis = ItEnvironment.redis()) {
      clearChannels(redis);
      deployer.deploy(DEPLOYMENT);
      try {
        assertEquals(Set.of("r1", "r2"), redis.smembers("channels:all"));
        var r2 = new ObjectMapper().readTree(redis.get("channel:r2"));
        assertEquals("Pipe|Name", r2.get("name").asText());
        assertFalse(r2.get("is_active").asBoolean());
        assertEquals("low", r2.get("quality").asText());
        assertTrue(redis.exists("channels:revision"));
      } finally {
        deployer.undeploy(DEPLOYMENT);
      }
    }
  }

  @Test
  void channelsAlreadyInRedisAreNeverOverwrittenByTheFile() throws Exception {
    Files.createDirectories(ItEnvironment.workDir());
    Files.writeString(ItEnvironment.channelsFile(), FILE);
    try (Jedis redis = ItEnvironment.redis()) {
      clearChannels(redis);
      String live =
          "{\"channel_id\":\"r1\",\"name\":\"Live Name\",\"source_url\":\"http://up.example/x.ts\","
              + "\"quality\":\"medium\",\"order\":0,\"category_order\":0,\"is_active\":true}";
      redis.set("channel:r1", live);
      redis.sadd("channels:all", "r1");
      deployer.deploy(DEPLOYMENT);
      try {
        assertEquals(Set.of("r1"), redis.smembers("channels:all"));
        assertEquals(live, redis.get("channel:r1"));
      } finally {
        deployer.undeploy(DEPLOYMENT);
      }
    }
  }

  private static void clearChannels(Jedis redis) {
    for (String id : redis.smembers("channels:all")) {
      redis.del("channel:" + id);
    }
    redis.del("channels:all");
  }
}
