import type { LaunchOptions } from 'playwright';

// Loopback stays direct: the server under test is reached there, as before.
const DIRECT = ['localhost', '127.0.0.1'];

/**
 * Launch options that send every request but loopback ones through the case server's proxy, so that the case hosts
 * (example.test, shop.co.uk) reach it without the hosts file or DNS. Playwright's proxy option does it for Chromium
 * and WebKit; Firefox over WebDriver BiDi ignores that option (its navigation failed with NS_ERROR_UNKNOWN_HOST)
 * and takes its own preferences, which it bypasses for localhost by itself.
 */
export function proxyLaunchOptions(browserName: string, proxyURL: string, launchOptions: LaunchOptions): LaunchOptions {
  if (browserName !== 'firefox') return { ...launchOptions, proxy: { server: proxyURL, bypass: DIRECT.join(',') } };
  const { hostname, port } = new URL(proxyURL);
  const prefs = { 'network.proxy.type': 1, 'network.proxy.http': hostname, 'network.proxy.http_port': Number(port), 'network.proxy.ssl': hostname, 'network.proxy.ssl_port': Number(port) };
  return { ...launchOptions, firefoxUserPrefs: { ...launchOptions.firefoxUserPrefs, ...prefs } };
}

/**
 * The same for the WebDriver lane, through the environment: WebKitGTK reads it with libproxy. (Its `proxy`
 * capability sends HTTPS through a TLS connection to the proxy itself, whose certificate it then refuses.)
 */
export function proxyEnvironment(proxyURL: string): Record<string, string> {
  return { http_proxy: proxyURL, https_proxy: proxyURL, no_proxy: DIRECT.join(',') };
}
