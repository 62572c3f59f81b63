package io.iptvorigin.stream.remux;

/**
 * The program tables in force: the PAT and the PMT of its program, as parsed and as the section
 * bytes that came in (so a segment can begin with exactly the tables the upstream sent). Immutable;
 * a new PAT or PMT makes a new one. {@code program} is null until the PMT has arrived. Never
 * compared: the record's equality of arrays is their identity.
 */
record ProgramTables(
    byte[] patSection, ProgramAssociation pat, int pmtPid, byte[] pmtSection, ProgramMap program) {
  static final ProgramTables NONE = new ProgramTables(null, null, -1, null, null);

  /** The video stream segments are cut on, or null. */
  ElementaryStream video() {
    return program == null ? null : program.video();
  }

  /** Whether the native path can take the stream as far as the tables tell; null if it can. */
  FailureReason unsupported() {
    if (pat == null) {
      return null;
    }
    FailureReason structure = pat.unsupported();
    if (structure != null || program == null) {
      return structure;
    }
    return program.unsupported();
  }
}
