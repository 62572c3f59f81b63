#!/usr/bin/env node
// The integration tests' web player: hls.js in headless Chromium (Debian's, driven by
// playwright-core) plays one HLS URL, muted, for a given time and prints what a viewer would have
// seen as ONE JSON object on stdout.
//
//   node play.mjs URL SECONDS [--chromium PATH] [--sample-ms MS] [--recover] [--no-sandbox]
//                             [--hls-config JSON]
//
// URL         the HLS playlist, normally the test nginx's http://127.0.0.1:PORT/live/... URL
// SECONDS     how long to play, counted from the moment the playlist is handed to hls.js
// --chromium  the browser (default $IPTV_TEST_CHROMIUM, else /usr/bin/chromium)
// --sample-ms how often currentTime is sampled (default 250)
// --recover   act like a production web player on a fatal error: hls.recoverMediaError() for a
//             media error, hls.startLoad() for a network error (each counted in `recoveries`);
//             without it the first fatal error ends the run, as hls.js stops loading then
// --no-sandbox  run Chromium without its sandbox even when not root (as root it always runs
//             without: Chromium's sandbox refuses root)
// --hls-config  hls.js settings merged over its defaults, e.g. '{"liveSyncDurationCount":2}'
//
// The page comes from a small HTTP server in this process on another 127.0.0.1 port than the
// stream: every playlist and segment request is cross-origin, as from a real web player, so the
// origin's CORS headers are part of what is tested.
//
// The result's fields are built in run() below (the stall and progress figures in summarise());
// the Java side reads them as io.iptvorigin.support.HlsJsPlayer.Result.
//
// Runs on Node.js 18 (Debian 12's) and later: playwright-core is pinned at 1.61, the last release
// that supports Node.js 18, and drives the Chromium given here, never one of its own downloads.
//
// Exit code: 0 whenever a result was printed, whatever the playback did (fatal errors, stalls are
// in the JSON); 1 if the harness itself failed (no browser, hls.js unsupported, ...), 2 for bad
// arguments. Messages go to stderr.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function usage(message) {
  process.stderr.write(`play.mjs: ${message}\n`
    + 'usage: node play.mjs URL SECONDS [--chromium PATH] [--sample-ms MS] [--recover] [--no-sandbox] [--hls-config JSON]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    chromium: process.env.IPTV_TEST_CHROMIUM || '/usr/bin/chromium',
    sampleMs: 250,
    recover: false,
    sandbox: process.getuid() !== 0,
    hlsConfig: {},
  };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--chromium') options.chromium = value();
    else if (arg === '--sample-ms') options.sampleMs = Number(value());
    else if (arg === '--recover') options.recover = true;
    else if (arg === '--no-sandbox') options.sandbox = false;
    else if (arg === '--hls-config') {
      try {
        options.hlsConfig = JSON.parse(value());
      } catch (e) {
        usage(`--hls-config is not JSON: ${e.message}`);
      }
    } else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 2) usage('URL and SECONDS are required');
  const [url, seconds] = positional;
  if (!/^https?:\/\//.test(url)) usage(`not an http(s) URL: ${url}`);
  options.url = url;
  options.seconds = Number(seconds);
  if (!(options.seconds > 0)) usage(`SECONDS must be a positive number: ${seconds}`);
  if (!(options.sampleMs >= 20)) usage('--sample-ms must be at least 20');
  if (typeof options.hlsConfig !== 'object' || options.hlsConfig === null) usage('--hls-config must be an object');
  return options;
}

// The page: a muted <video>, hls.js, and window.player collecting what happens. Everything is
// measured in the page (performance.now() from the moment the URL is handed over), so the numbers
// do not depend on how fast this process polls.
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>test player</title><script src="/hls.min.js"></script></head>
<body><video id="video" muted playsinline autoplay></video>
<script>
// Subscriber tokens are 64 hex characters in the path: kept out of the result.
const mask = (s) => (typeof s === 'string' ? s.replace(/[0-9a-f]{64}/g, '<token>') : s);
window.player = {
  supported: Hls.isSupported(),
  version: Hls.version,
  fatalErrors: [],
  nonFatalErrors: {},
  firstNonFatalErrors: [],
  endListAtMs: null,
  endedAtMs: null,
  samples: [],
  ccSeen: [],
  discontinuities: 0,
  fragChanged: 0,
  fragmentsLoaded: 0,
  levelLoads: 0,
  levels: 0,
  recoveries: 0,
  waitingEvents: 0,
  playError: null,
  startupMs: null,
  dead: false,
};
window.startPlayer = (url, sampleMs, recover, hlsConfig) => {
  const p = window.player;
  const video = document.getElementById('video');
  const t0 = performance.now();
  const now = () => Math.round(performance.now() - t0);
  const hls = new Hls(hlsConfig);
  let lastCc = null;
  const describe = (data) => ({
    wallMs: now(),
    type: data.type,
    details: data.details,
    responseCode: data.response && typeof data.response.code === 'number' ? data.response.code : null,
    url: mask(data.url || (data.frag && data.frag.url) || (data.context && data.context.url) || null),
    message: mask(data.error ? String(data.error.message || data.error) : null),
  });
  hls.on(Hls.Events.ERROR, (event, data) => {
    if (!data.fatal) {
      p.nonFatalErrors[data.details] = (p.nonFatalErrors[data.details] || 0) + 1;
      // The first few in full: the counts say how many, these say what happened.
      if (p.firstNonFatalErrors.length < 20) p.firstNonFatalErrors.push(describe(data));
      return;
    }
    p.fatalErrors.push(describe(data));
    if (recover && data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      p.recoveries++;
      hls.recoverMediaError();
    } else if (recover && data.type === Hls.ErrorTypes.NETWORK_ERROR) {
      p.recoveries++;
      hls.startLoad();
    } else {
      p.dead = true;
    }
  });
  hls.on(Hls.Events.MANIFEST_PARSED, (event, data) => { p.levels = data.levels.length; });
  // A playlist with EXT-X-ENDLIST ends a live stream for good: hls.js stops reloading it and the
  // video ends once the buffer runs out.
  hls.on(Hls.Events.LEVEL_LOADED, (event, data) => {
    p.levelLoads++;
    if (!data.details.live && p.endListAtMs === null) p.endListAtMs = now();
  });
  hls.on(Hls.Events.FRAG_LOADED, () => { p.fragmentsLoaded++; });
  // The fragment now playing: a new discontinuity sequence (cc) means the player went through an
  // EXT-X-DISCONTINUITY, e.g. after the origin restarted its FFmpeg.
  hls.on(Hls.Events.FRAG_CHANGED, (event, data) => {
    p.fragChanged++;
    const cc = data.frag.cc;
    if (lastCc !== null && cc !== lastCc) p.discontinuities++;
    if (!p.ccSeen.includes(cc)) p.ccSeen.push(cc);
    lastCc = cc;
  });
  video.addEventListener('playing', () => { if (p.startupMs === null) p.startupMs = now(); });
  video.addEventListener('waiting', () => { p.waitingEvents++; });
  video.addEventListener('ended', () => { if (p.endedAtMs === null) p.endedAtMs = now(); });
  hls.on(Hls.Events.MEDIA_ATTACHED, () => {
    hls.loadSource(url);
    video.play().catch((e) => { p.playError = String(e); });
  });
  hls.attachMedia(video);
  const sample = () => {
    p.samples.push({
      wallMs: now(),
      currentTime: Math.round(video.currentTime * 1000) / 1000,
      paused: video.paused,
      ended: video.ended,
    });
  };
  sample();
  setInterval(sample, sampleMs);
  window.finishPlayer = () => {
    sample();
    const quality = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    p.videoFrames = quality ? quality.totalVideoFrames : null;
    p.droppedFrames = quality ? quality.droppedVideoFrames : null;
    p.videoWidth = video.videoWidth;
    p.videoHeight = video.videoHeight;
    p.wallMs = now();
    hls.destroy();
    return p;
  };
};
</script></body></html>`;

// Serves the page and hls.js; nothing else.
function startPageServer() {
  const hlsJs = readFileSync(join(dirname(require.resolve('hls.js/package.json')), 'dist', 'hls.min.js'));
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(PAGE);
    } else if (req.method === 'GET' && req.url === '/hls.min.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      res.end(hlsJs);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// What the samples say about progress. A stall is a run of samples, while playback should be
// going (after the first `playing`, not paused, not ended), in which currentTime did not move: its
// length is the wall time from the sample that first showed that currentTime to the last one that
// still did, so steady playback has no stall and a freeze is measured to one sample interval.
// playedSeconds sums currentTime's forward steps, each at most the wall time it took: a seek or
// a jump over a gap does not count as playing (it counts in forwardJumps).
function summarise(samples, startupMs) {
  let longestStallMs = 0;
  let stalls = 0;
  let playedSeconds = 0;
  let forwardJumps = 0;
  let backwardJumps = 0;
  let runStart = null;
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1];
    const cur = samples[i];
    const step = cur.currentTime - prev.currentTime;
    const wall = (cur.wallMs - prev.wallMs) / 1000;
    // Before the first `playing`, hls.js moves currentTime to the live edge: not a jump.
    const started = startupMs !== null && prev.wallMs >= startupMs;
    if (started && step > 0) playedSeconds += Math.min(step, wall);
    if (started && step > wall + 0.5) forwardJumps++;
    if (started && step < 0) backwardJumps++;
    const shouldPlay = started && !cur.paused && !cur.ended;
    if (shouldPlay && step === 0) {
      if (runStart === null) {
        runStart = prev.wallMs;
        stalls++;
      }
      longestStallMs = Math.max(longestStallMs, cur.wallMs - runStart);
    } else {
      runStart = null;
    }
  }
  playedSeconds = Math.round(playedSeconds * 1000) / 1000;
  return { playedSeconds, progressed: playedSeconds >= 1, longestStallMs, stalls, forwardJumps, backwardJumps };
}

async function run(options) {
  const { chromium } = require('playwright-core');
  const server = await startPageServer();
  let browser;
  // Stopped from outside (the Java side's close or timeout): Chromium goes too, no result.
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]]) {
    process.once(signal, () => {
      stopping = true;
      const closing = browser ? browser.close().catch(() => {}) : Promise.resolve();
      closing.finally(() => process.exit(code));
    });
  }
  try {
    browser = await launchChromium(chromium, options, 'play.mjs');
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e.message).replace(/[0-9a-f]{64}/g, '<token>')));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const supported = await page.evaluate(() => window.player.supported);
    if (!supported) throw new Error('hls.js reports no MediaSource support in this Chromium');
    await page.evaluate(([url, sampleMs, recover, hlsConfig]) => window.startPlayer(url, sampleMs, recover, hlsConfig),
      [options.url, options.sampleMs, options.recover, options.hlsConfig]);
    const deadline = Date.now() + options.seconds * 1000;
    let endedBy = 'duration';
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, deadline - Date.now()))));
      if (await page.evaluate(() => window.player.dead)) {
        endedBy = 'fatal';
        break;
      }
    }
    const p = await page.evaluate(() => window.finishPlayer());
    const result = {
      url: options.url.replace(/[0-9a-f]{64}/g, '<token>'),
      seconds: options.seconds,
      endedBy,
      hlsVersion: p.version,
      browserVersion: browser.version(),
      sandbox: options.sandbox,
      startupMs: p.startupMs,
      ...summarise(p.samples, p.startupMs),
      fatalErrors: p.fatalErrors,
      nonFatalErrors: p.nonFatalErrors,
      firstNonFatalErrors: p.firstNonFatalErrors,
      recoveries: p.recoveries,
      discontinuities: p.discontinuities,
      ccSeen: p.ccSeen,
      fragChanged: p.fragChanged,
      fragmentsLoaded: p.fragmentsLoaded,
      levels: p.levels,
      levelLoads: p.levelLoads,
      waitingEvents: p.waitingEvents,
      endListAtMs: p.endListAtMs,
      endedAtMs: p.endedAtMs,
      playError: p.playError,
      videoFrames: p.videoFrames,
      droppedFrames: p.droppedFrames,
      videoWidth: p.videoWidth,
      videoHeight: p.videoHeight,
      pageErrors,
      wallMs: p.wallMs,
      samples: p.samples.map((s) => ({ wallMs: s.wallMs, currentTime: s.currentTime })),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.close();
  }
}

const options = parseArgs(process.argv.slice(2));
// Set once a signal asked us to stop: what fails after that is the stopping, not the harness.
let stopping = false;
try {
  await run(options);
} catch (e) {
  if (stopping) await new Promise(() => {}); // the signal handler exits
  process.stderr.write(`play.mjs: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
}
