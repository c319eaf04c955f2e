import { randomUUID } from 'node:crypto';
import { NotExpressible, type CookieToAdd, type Visitor } from '../../harness/lanes/visitor.ts';
import { carries, cookieHeaderSentTo, expect, matrixRows, setCookieLines, test } from '../support/fixtures.ts';

const DAY_S = 24 * 60 * 60;

/** The Cookie Store API as far as these rows use it (absent where the browser has none). */
interface CookieStoreLike extends EventTarget {
  get(name: string): Promise<object | null>;
  set(name: string, value: string): Promise<void>;
}

// One cookie per kind that session APIs handle differently (server/cookie-cases.ts, session-kinds), by kind.
const KINDS = {
  'Secure on http://localhost': 'kind_secure',
  'Domain=localhost': 'kind_domain',
  Partitioned: 'kind_partitioned',
  HttpOnly: 'kind_httponly',
  '300 days': 'kind_300_days',
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.values(KINDS);

test(
  'should report the partition key of a Partitioned cookie set in a cross-site frame',
  matrixRows({
    'partition-key-reported': {
      title: 'Partitioned; SameSite=None; Secure, set by a cross-site iframe: the partition key the store reports (null: none)',
      topic: 'Browser APIs',
      parts: ['listed', 'partitionKey'],
      cookies: [setCookieLines('third-party-in-iframe', 'partitioned')],
    },
  }),
  async ({ visitor, sites, observe }) => {
    test.skip(!visitor.partitionKeys, "the lane's store API has no partition key: classic WebDriver's cookie object has no such field");
    // Inside site B (127.0.0.1), site A's iframe response sets `partitioned`.
    await visitor.open(`${sites.httpsB}/cross-site/page?id=${randomUUID()}&frame=third-party-cookies`);
    const listed = (await visitor.partitionKeys!()).find(({ name }) => name === 'partitioned');
    await observe('partition-key-reported', [listed !== undefined, listed?.partitionKey ?? null], { cookies: ['partitioned'] });
  },
);

test(
  'should say what the Cookie Store API offers on a secure page',
  matrixRows({
    'cookie-store-available': { title: 'cookieStore is defined on https://localhost', topic: 'Browser APIs' },
    'cookie-store-get-fields': {
      title: 'the fields cookieStore.get() returns for a cookie set by the server with every attribute it can report but Domain (null: no cookieStore or no cookie)',
      topic: 'Browser APIs',
      cookies: [setCookieLines('cookie-store-fields')],
    },
    'cookie-store-set-then-header': { title: "cookieStore.set('cs_set', 'yes'), then a fetch from the page: the cookie is sent (null: no cookieStore)", topic: 'Browser APIs' },
  }),
  async ({ visitor, sites, observe }) => {
    // The page must be the server's: a browser's error page is no secure context and has no cookieStore.
    expect(await visitor.open(`${sites.httpsA}/cookie-case/cookie-store-fields`)).toBe('Cookie case cookie-store-fields has been set.');
    const available = await visitor.run(() => typeof (window as unknown as { cookieStore?: unknown }).cookieStore === 'object');
    await observe('cookie-store-available', available);

    const fields = await visitor.run(async () => {
      const store = (window as unknown as { cookieStore?: CookieStoreLike }).cookieStore;
      const cookie = store ? await store.get('cs_fields') : null;
      return cookie ? Object.keys(cookie).sort() : null;
    });
    await observe('cookie-store-get-fields', fields, { cookies: ['cs_fields'] });

    const setByStore = await visitor.run(async () => {
      const store = (window as unknown as { cookieStore?: CookieStoreLike }).cookieStore;
      if (!store) return false;
      await store.set('cs_set', 'yes');
      return true;
    });
    // null: no cookieStore to set with; otherwise whether the next fetch carried the cookie.
    await observe('cookie-store-set-then-header', setByStore ? carries(await cookieHeaderSentTo(visitor, '/echo'), 'cs_set') : null, { cookies: ['cs_set'] });
  },
);

test(
  'should say whether cookieStore fires a change event for a cookie a response sets',
  matrixRows({
    'cookie-store-change-event': {
      title: 'a fetch whose response sets a cookie, on https://localhost: cookieStore fires a change event for it (null: no cookieStore)',
      topic: 'Browser APIs',
      cookies: [setCookieLines('cookie-store-change')],
    },
  }),
  async ({ visitor, sites, observe }) => {
    expect(await visitor.open(`${sites.httpsA}/`)).toBe('Hello, Guest!');
    const fired = await visitor.run(async () => {
      const store = (window as unknown as { cookieStore?: CookieStoreLike }).cookieStore;
      if (!store) return null;
      const changed: string[] = [];
      const waiting = new Map<string, () => void>();
      store.addEventListener('change', (event) => {
        for (const { name } of (event as unknown as { changed: { name: string }[] }).changed) {
          changed.push(name);
          waiting.get(name)?.();
        }
      });
      const changeOf = (name: string) => new Promise<void>((resolve) => waiting.set(name, resolve));
      // A listener starts hearing changes some time after it is added: it is live once it hears the page's own write.
      const live = changeOf('cs_live');
      await store.set('cs_live', 'yes');
      await live;
      await fetch('/cookie-case/cookie-store-change', { cache: 'no-store' });
      // The page's own write comes after the response's in the store, so its event is the last to wait for.
      const marker = changeOf('cs_marker');
      await store.set('cs_marker', 'yes');
      await marker;
      return changed.includes('cs_change');
    });
    await observe('cookie-store-change-event', fired, { cookies: ['cs_change'] });
  },
);

test(
  'should say which cookies a saved and restored session sends again',
  matrixRows({
    'storage-state-round-trip': {
      title:
        "one cookie per kind, set by the server on http://localhost, saved with the lane's own API (storageState, or WebDriver's Get All Cookies) and restored into a fresh context: each kind kept, lost, or never stored",
      topic: 'Browser APIs',
      cookies: [setCookieLines('session-kinds')],
    },
  }),
  async ({ visitor, restoredVisitor, observe }) => {
    await visitor.open('/cookie-case/session-kinds');
    const before = await cookieHeaderSentTo(visitor, '/echo');
    const fresh = await restoredVisitor(await visitor.saveSession());
    await fresh.open('/');
    const after = await cookieHeaderSentTo(fresh, '/echo');
    await observe(
      'storage-state-round-trip',
      Object.entries(KINDS).map(([kind, name]) => `${kind}: ${fate(name, before, after)}`),
      { cookies: KIND_NAMES },
    );
  },
);

test(
  "should say which cookies the lane's add-cookie API keeps",
  matrixRows({
    'add-cookie-accepted': {
      title:
        "the same kinds added on http://localhost with the lane's add-cookie API (addCookies, or WebDriver's Add Cookie): each kind sent to /echo, not sent, refused by the API, or not expressible in it",
      topic: 'Browser APIs',
    },
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/');
    const kinds: Record<Kind, CookieToAdd> = {
      'Secure on http://localhost': { name: KINDS['Secure on http://localhost'], value: 'yes', secure: true },
      'Domain=localhost': { name: KINDS['Domain=localhost'], value: 'yes', domain: 'localhost' },
      Partitioned: { name: KINDS.Partitioned, value: 'yes', secure: true, partitionKey: 'http://localhost' },
      HttpOnly: { name: KINDS.HttpOnly, value: 'yes', httpOnly: true },
      '300 days': { name: KINDS['300 days'], value: 'yes', expires: Math.round(Date.now() / 1000) + 300 * DAY_S },
    };
    const added = new Map<Kind, string | null>();
    for (const [kind, cookie] of Object.entries(kinds) as [Kind, CookieToAdd][]) added.set(kind, await addedBy(visitor, cookie));
    const sent = await cookieHeaderSentTo(visitor, '/echo');
    await observe(
      'add-cookie-accepted',
      Object.entries(KINDS).map(([kind, name]) => `${kind}: ${added.get(kind as Kind) ?? (carries(sent, name) ? 'sent' : 'not sent')}`),
      { cookies: KIND_NAMES },
    );
  },
);

/** What became of a cookie across a saved and restored session, by the Cookie headers sent before and after. */
function fate(name: string, before: string | null, after: string | null): string {
  if (!carries(before, name)) return 'never stored';
  return carries(after, name) ? 'kept' : 'lost';
}

/** null where the API took the cookie; else whether it refused it or cannot express it. */
async function addedBy(visitor: Visitor, cookie: CookieToAdd): Promise<string | null> {
  try {
    await visitor.addCookie(cookie);
    return null;
  } catch (error) {
    return error instanceof NotExpressible ? 'not expressible' : 'refused by the API';
  }
}
