#!/usr/bin/env bash
# Sets up everything the suite needs on a fresh machine: npm packages, browsers, the clock library.
# Playwright's own browsers where they can be downloaded; Debian's chromium and firefox-esr where not.
# WebKitGTK's WebDriver, Xvfb and a C compiler come from Debian's packages
# wherever apt-get is available.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

echo "== npm packages"
npm ci --no-audit --no-fund

# Where the download is impossible its retries print pages of errors that are expected there: they go to a log.
install_log=build/playwright-install.log
echo "== Playwright's browsers (download log: $install_log)"
mkdir -p build
if npx playwright install chromium firefox webkit >"$install_log" 2>&1; then
  playwright_browsers=yes
  echo "Playwright's own browsers are installed."
else
  playwright_browsers=no
  echo "Playwright's own browsers could not be downloaded ($install_log says why): the system's browsers will be used."
fi

if command -v apt-get >/dev/null; then
  packages=(gcc libc6-dev xvfb xauth webkit2gtk-driver libwebkit2gtk-4.1-0)
  [ "$playwright_browsers" = no ] && packages+=(chromium firefox-esr)
  echo "== Debian packages: ${packages[*]}"
  if as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"; then
    [ "$playwright_browsers" = yes ] && as_root npx playwright install-deps chromium firefox webkit
  else
    echo "Could not install Debian packages (needs root or sudo): browsers that are missing will be reported as not run."
  fi
else
  echo "No apt-get here: install a C compiler, and for the WebKit engine lane WebKitGTK's WebDriver, yourself."
fi

echo "== Clock library"
npm run --silent build:clock || echo "The expiry specs will report that they did not run."

echo "== What the suite will run"
npx tsx scripts/list-browsers.ts
