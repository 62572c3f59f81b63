package io.iptvorigin.support;

/** A wait in a polling loop of the test harness; an interrupt ends the test. */
final class Pause {
  private Pause() {}

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
