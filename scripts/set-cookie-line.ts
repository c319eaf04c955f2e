// What a Set-Cookie line itself tells about whether a store keeps it, set from a given URL (npm run probe).

/** A Set-Cookie line's parts, as RFC 6265bis 5.6 parses them: the last of each attribute wins, an empty Domain is ignored. */
export interface SetCookieLine {
  name: string;
  value: string;
  /** The Domain attribute as written, and lower case without its leading dot. */
  domain?: { written: string; host: string };
  path?: string;
  secure: boolean;
  sameSite?: string;
  /** Max-Age in seconds, where it is a number (it wins over Expires). */
  maxAge?: number;
  /** Expires as written, and when it is, where it reads as a date. */
  expires?: { written: string; at: number };
}

export function parseSetCookieLine(line: string): SetCookieLine {
  const [pair = '', ...attributes] = line.split(';');
  const equals = pair.indexOf('=');
  const parsed: SetCookieLine = { name: equals === -1 ? '' : pair.slice(0, equals).trim(), value: (equals === -1 ? pair : pair.slice(equals + 1)).trim(), secure: false };
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : attribute.slice(at + 1).trim();
    if (key === 'domain' && value !== '') parsed.domain = { written: value, host: value.replace(/^\./, '').toLowerCase() };
    else if (key === 'path') parsed.path = value;
    else if (key === 'secure') parsed.secure = true;
    else if (key === 'samesite') parsed.sameSite = value;
    else if (key === 'max-age' && /^-?\d+$/.test(value)) parsed.maxAge = Number(value);
    else if (key === 'expires' && !Number.isNaN(Date.parse(value))) parsed.expires = { written: value, at: Date.parse(value) };
  }
  return parsed;
}

/** Why a store would not keep the line, as RFC 6265bis says and as far as the line and the URL that set it tell. */
export interface LineReasons {
  /** What makes a store refuse it: its Domain, Secure or a prefix over http, a prefix's rules, SameSite=None without Secure. */
  refused: string[];
  /** Its expiry is already past when it arrives (Max-Age=0 or less, an Expires gone by): a store drops it, or lists it expired. */
  expired?: string;
}

/**
 * The reasons the line gives, set by the response to `from` at `now` (milliseconds since the epoch). A host that is
 * localhost counts as secure in some browsers, so over http there no reason is given about Secure or a prefix's
 * https; what a browser does besides these (a public suffix, a size, a character) the line alone cannot tell.
 */
export function lineReasons(line: string, from: URL, now: number): LineReasons {
  const cookie = parseSetCookieLine(line);
  const host = from.hostname.toLowerCase();
  const overHttp = from.protocol === 'http:' && host !== 'localhost' && !host.endsWith('.localhost');
  const overHttps = new URL(from.href);
  overHttps.protocol = 'https:';
  const refused: string[] = [];

  if (cookie.domain && host !== cookie.domain.host && !host.endsWith(`.${cookie.domain.host}`)) {
    const there = new URL(from.href);
    there.hostname = cookie.domain.host;
    refused.push(`Domain=${cookie.domain.written} does not domain-match ${host}, the host of --from; --from ${there.href} would set it`);
  }
  if (cookie.secure && overHttp) refused.push(`Secure over http: only a secure origin sets a Secure cookie; --from ${overHttps.href} would`);
  const prefix = /^__(secure|host)-/i.exec(cookie.name)?.[0];
  if (prefix) {
    const missing = [
      ...(cookie.secure ? [] : ['the Secure attribute']),
      ...(overHttp ? [`https (--from ${overHttps.href})`] : []),
      ...(/^__host-/i.test(prefix) && cookie.domain ? ['no Domain attribute'] : []),
      ...(/^__host-/i.test(prefix) && cookie.path !== '/' ? ['Path=/'] : []),
    ];
    if (missing.length > 0) refused.push(`the ${prefix} prefix asks for ${missing.join(', ')}`);
  }
  if (cookie.sameSite?.toLowerCase() === 'none' && !cookie.secure) refused.push('SameSite=None without Secure');

  const expired =
    cookie.maxAge !== undefined
      ? cookie.maxAge <= 0
        ? `Max-Age=${cookie.maxAge} puts its expiry in the past`
        : undefined
      : cookie.expires !== undefined && cookie.expires.at <= now
        ? `Expires=${cookie.expires.written} is already past`
        : undefined;
  return { refused, ...(expired && { expired }) };
}
