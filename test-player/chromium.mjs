// Headless Chromium (Debian's, driven by playwright-core) for the test harness's browser scripts.
// Chromium with its sandbox unless root (Chromium refuses to run sandboxed as root). A non-root
// user may still find no sandbox to use: in a container without user namespaces Chromium exits
// with "No usable sandbox!". The harness then runs it without one (it only ever loads this
// process's page and the streams under test) and says so in the result's `sandbox`.
export async function launchChromium(chromium, options, who) {
  const launchWith = (sandbox) => chromium.launch({
    executablePath: options.chromium,
    headless: true,
    chromiumSandbox: sandbox,
    // The scripts handle signals themselves, so that a stopped run ends quietly.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--autoplay-policy=no-user-gesture-required', '--disable-gpu'],
  });
  if (!options.sandbox) return launchWith(false);
  try {
    return await launchWith(true);
  } catch (e) {
    if (!/No usable sandbox/i.test(String(e && e.message))) throw e;
    process.stderr.write(`${who}: Chromium found no usable sandbox; running it without\n`);
    options.sandbox = false;
    return launchWith(false);
  }
}
