package io.iptvorigin.epg;

/** The Redis keys of the guide feature (docs/redis-keys.md). */
final class EpgKeys {
  /** Hash: source id to the source's JSON. */
  static final String SOURCES = "epg:sources";

  /** Counter: bumped whenever the guide in use changes (a refresh switched, a source went). */
  static final String REVISION = "epg:revision";

  private EpgKeys() {}

  /** String: the source's {@link EpgSourceStatus} JSON. */
  static String status(String sourceId) {
    return "epg:source:" + sourceId + ":status";
  }

  /** String with a TTL: the node refreshing the source now (a lease: one node at a time). */
  static String lease(String sourceId) {
    return "epg:source:" + sourceId + ":lease";
  }

  /** String: the key of the source's guide in use, {@link #guide}. */
  static String current(String sourceId) {
    return "epg:source:" + sourceId + ":guide";
  }

  /** Hash: XMLTV channel id to that channel's programmes ({@link ProgrammeCodec}). */
  static String guide(String sourceId, long generation) {
    return "epg:guide:" + sourceId + ":" + generation;
  }

  /**
   * Counter: the generations of a source's guide, so a refresh never writes over the one in use.
   */
  static String generation(String sourceId) {
    return "epg:source:" + sourceId + ":generation";
  }
}
