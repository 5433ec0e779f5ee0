/**
 * The Chromium the browser tests drive: Debian's package (`.ci/run` installs it; a test never
 * downloads a browser), or the one `CHROMIUM_PATH` names, started with the flags that work in
 * this container (no sandbox, no GPU, no calls home).
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
