/**
 * Native MPEG-TS to HLS remuxing for copy-mode channels: transport stream bytes pushed in as they
 * arrive from the upstream are framed into packets, read for their program tables, timestamps and
 * video keyframes, and cut into HLS segments that each begin with PAT, PMT and a keyframe, without
 * a process per channel. {@link io.iptvorigin.stream.remux.TsRemuxer} is the entry point; inputs it
 * cannot take end in a reason word the caller answers by running FFmpeg instead.
 */
package io.iptvorigin.stream.remux;
