/**
 * A case file of `count` cases, made up here rather than written in advance: seven kinds of case over hosts of its
 * own (sites, sub-domains, a second site), each with other names, attributes and ways of sending.
 */
export function generatedCaseFile(count: number) {
  const sites = ['alpha', 'beta', 'gamma'].map((name) => `${name}.generated-test`);
  const hosts = [...sites, ...sites.map((site) => `sub.${site}`), 'elsewhere.generated-example'];
  const samesites = ['Strict', 'Lax', 'None; Secure', ''];
  const ways = ['link', 'form-post', 'image', 'fetch', 'iframe'] as const;
  const cases = Array.from({ length: count }, (_, index) => {
    const site = sites[index % sites.length]!;
    const samesite = samesites[index % samesites.length]!;
    const way = ways[index % ways.length]!;
    const name = `c${index}`;
    const attributes = `Path=/${samesite ? `; SameSite=${samesite}` : ''}`;
    const set = (url: string, line: string) => ({ respond: { url, status: 200, headers: [`Set-Cookie: ${line}`] } });
    const kinds = [
      () => ({ title: `${attributes} set over HTTPS: [stored, sent by fetch]`, steps: [set(`https://${site}/set`, `${name}=v; ${attributes}`), { observe: { stored: {} } }, { observe: { sent: { url: `https://${site}/echo`, by: 'fetch' } } }] }),
      () => ({ title: `Domain=${site} from sub.${site}: sent to ${site}`, steps: [set(`https://sub.${site}/set`, `${name}=v; Domain=${site}; Path=/`), { observe: { sent: { url: `https://${site}/echo` } } }] }),
      () => ({ title: `${attributes}: sent by ${way} from another site`, steps: [set(`https://${site}/set`, `${name}=v; ${attributes}; Secure`), { observe: { sent: { url: `https://${site}/${way}`, by: way, from: 'https://elsewhere.generated-example/page' } } }] }),
      () => ({ title: 'written by script: document.cookie', steps: [{ script: { url: `https://${site}/page`, cookies: [`${name}=script; path=/`] } }, { observe: { script: { url: `https://${site}/page` } } }] }),
      () => ({ title: 'Secure set over HTTP: stored', steps: [set(`http://${site}/set`, `${name}=v; Secure; Path=/`), { observe: { stored: {} } }] }),
      () => ({ title: 'Max-Age=60, then 2 minutes: sent', steps: [set(`https://${site}/set`, `${name}=v; Max-Age=60; Path=/`), { advance: '2m' }, { observe: { sent: { url: `https://${site}/echo`, by: 'fetch' } } }] }),
      () => ({
        title: 'set on a 302: stored at the landing page',
        steps: [{ respond: { url: `https://${site}/go`, status: 302, headers: [`Location: https://${site}/landing`, `Set-Cookie: ${name}=hop; Path=/`] } }, { observe: { stored: { url: `https://${site}/landing` } } }],
      }),
    ];
    return { id: `generated-${index}`, ...kinds[index % kinds.length]!() };
  });
  return { hosts, cases };
}
