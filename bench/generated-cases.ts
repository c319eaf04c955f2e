/**
 * A case file of `count` cases made up here: each sets a cookie with other attributes on one of its hosts by a
 * navigation, then observes the Cookie header of a second request there (a navigation or a fetch): two requests
 * per case, set against two bare navigations.
 */
export function generatedCaseFile(count: number) {
  const hosts = ['alpha', 'beta', 'gamma', 'sub.alpha'].map((name) => `${name}.generated-test`);
  const attributes = ['Path=/', 'Path=/; Secure; SameSite=Strict', 'Path=/; HttpOnly; SameSite=Lax', 'Path=/; Max-Age=3600; SameSite=None; Secure', 'Domain=alpha.generated-test; Path=/'];
  const cases = Array.from({ length: count }, (_, index) => {
    const host = hosts[index % hosts.length]!;
    const line = `c${index}=v${index}; ${attributes[index % attributes.length]}`;
    const scheme = index % 3 === 0 ? 'http' : 'https';
    const by = index % 2 === 0 ? 'navigation' : 'fetch';
    return {
      id: `generated-${index}`,
      title: `${line} set on ${scheme}://${host}: sent by ${by}`,
      steps: [
        { respond: { url: `${scheme}://${host}/set/${index}`, status: 200, headers: [`Set-Cookie: ${line}`] } },
        { observe: { sent: { url: `${scheme}://${host}/echo/${index}`, by } } },
      ],
    };
  });
  return { hosts, cases };
}
