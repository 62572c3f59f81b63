package io.iptvorigin.stream.supervision;

import io.iptvorigin.channel.ChannelId;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Every 3 s renews this node's owner leases on the channels it runs, in one Redis call. A lease
 * another node holds now was lost (Redis lost it, or this node stalled past its 10 s): the channel
 * runs there, so it stops here, and never runs twice for longer than one lease.
 */
@Singleton
public class OwnerLeaseRenewal {
  private static final Logger LOG = Logger.getLogger(OwnerLeaseRenewal.class.getName());

  @Inject StreamSupervisor supervisor;
  @Inject OwnerLeases owners;

  @Schedule(hour = "*", minute = "*", second = "*/3", persistent = false)
  void renew() {
    try {
      Set<String> local =
          supervisor.localChannels().stream().map(ChannelId::value).collect(Collectors.toSet());
      for (String lost : owners.renewAll(local, supervisor.node())) {
        LOG.warning(
            "stream lease lost channel=" + lost + " owner=" + owners.ownerOf(lost).orElse("-"));
        supervisor.stop(new ChannelId(lost), "lease-lost");
      }
    } catch (RuntimeException e) {
      LOG.warning("lease renewal failed reason=\"" + e.getMessage() + "\"");
    }
  }
}
