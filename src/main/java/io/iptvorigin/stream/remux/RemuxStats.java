package io.iptvorigin.stream.remux;

/**
 * Counters of one {@link TsRemuxer}, for logs and metrics.
 *
 * @param bytes input bytes pushed
 * @param packets transport packets framed from them
 * @param droppedBytes bytes outside any packet (garbage, packets cut short)
 * @param syncLosses times packet sync was lost and had to be found again
 * @param continuityGaps packets found missing by their continuity counters
 * @param sectionErrors PAT or PMT sections dropped for a bad CRC
 * @param segments segments handed to the sink
 * @param discontinuities discontinuities in the input that began a new timeline
 * @param mediaSeconds video seconds remuxed: the segments so far and the one in flight
 * @param bufferBytes memory the remuxer holds for the segment in flight: the packets not yet in its
 *     file (from the latest video PES start on, until it is known whether a cut falls there)
 */
public record RemuxStats(
    long bytes,
    long packets,
    long droppedBytes,
    long syncLosses,
    long continuityGaps,
    long sectionErrors,
    long segments,
    long discontinuities,
    double mediaSeconds,
    int bufferBytes) {}
