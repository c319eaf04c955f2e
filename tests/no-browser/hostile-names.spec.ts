import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';

// Names a plain object answers for through its prototype: a lookup that is not an own-property lookup finds them.
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
// Host headers that are not one of the listener's two sites, though some look like one.
const FOREIGN_HOSTS = [
  ...PROTOTYPE_NAMES,
  ...PROTOTYPE_NAMES.map((name) => `${name}:8080`),
  'LOCALHOST',
  'LocalHost',
  'localhost.',
  '127.0.0.1.',
  '[::1]',
  '[::1]:8080',
  'example.com',
];
// Path segments and query values: the prototype's names, and the same forms as above where a URL can carry them.
const FOREIGN_NAMES = [...PROTOTYPE_NAMES, 'Record', 'record.', 'third-party-in-iframe.', 'THIRD-PARTY-IN-IFRAME'];

// What the server answers when it refuses a cross-site page (server/cross-site.ts).
const CROSS_SITE_PAGE_RULE =
  'Ask for a cross-site page on localhost or 127.0.0.1 with an id of 1 to 50 letters, digits, "_" or "-", and frame=record, script or third-party-cookies.';

/** Status, type and body in one value, so that one toEqual shows all of a wrong answer. */
async function answer(response: APIResponse) {
  return { status: response.status(), type: response.headers()['content-type'], setCookie: response.headers()['set-cookie'], body: await response.text() };
}

function refusal(status: number, body: string) {
  return { status, type: 'text/plain; charset=utf-8', setCookie: undefined, body };
}

async function expectStillServing(request: APIRequestContext): Promise<void> {
  expect((await request.get('/')).status()).toBe(200);
}

// Every lookup the server makes with a key from the request (Host, path, query, Cookie names) finds only its own entries.
test.describe('the server under names from the prototype', { tag: '@server' }, () => {
  test('should serve the cross-site page on its two sites', async ({ request, baseURL }) => {
    const { port } = new URL(baseURL!);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      expect((await request.get('/cross-site/page?id=a', { headers: { host } })).status(), host).toBe(200);
    }
  });

  for (const host of FOREIGN_HOSTS) {
    test(`should refuse a cross-site page for the Host ${host} with 400`, async ({ request }) => {
      expect(await answer(await request.get('/cross-site/page?id=a', { headers: { host } }))).toEqual(refusal(400, CROSS_SITE_PAGE_RULE));
      await expectStillServing(request);
    });
  }

  test('should refuse a cross-site page whose frame is not one it knows', async ({ request }) => {
    for (const frame of FOREIGN_NAMES) {
      expect(await answer(await request.get(`/cross-site/page?id=a&frame=${encodeURIComponent(frame)}`)), frame).toEqual(refusal(400, CROSS_SITE_PAGE_RULE));
    }
    await expectStillServing(request);
  });

  test('should know no cookie case by a name it does not hold', async ({ request }) => {
    for (const name of FOREIGN_NAMES) {
      expect(await answer(await request.get(`/cookie-case/${encodeURIComponent(name)}`)), name).toEqual(refusal(404, 'No such cookie case.'));
    }
    await expectStillServing(request);
  });

  test('should report a beacon only for an id that was recorded', async ({ request }) => {
    const recorded = (id: string) => ({ status: 200, type: 'application/json; charset=utf-8', setCookie: undefined, body: JSON.stringify({ cookieHeader: `recorded=${id}` }) });
    for (const id of PROTOTYPE_NAMES) {
      // A server that lives longer than the run (BASE_URL) may hold the id from an earlier run of this test.
      expect([refusal(404, 'No beacon request was made with that id.'), recorded(id)], id).toContainEqual(await answer(await request.get(`/beacon/${id}`)));
    }
    // The same names are fine ids once recorded: each reports what its own request carried.
    for (const id of PROTOTYPE_NAMES) await request.get(`/cross-site/record?id=${id}`, { headers: { cookie: `recorded=${id}` } });
    for (const id of PROTOTYPE_NAMES) expect(await answer(await request.get(`/beacon/${id}`)), id).toEqual(recorded(id));
  });

  test('should greet a guest whose cookies are named after the prototype', async ({ request }) => {
    const cookie = PROTOTYPE_NAMES.map((name) => `${name}=j:{"username":"Mallory"}`).join('; ');
    expect(await (await request.get('/getcookie', { headers: { cookie } })).text()).toContain('No cookie found!');
    expect(await (await request.get('/getsignedcookie', { headers: { cookie } })).text()).toContain('No signed cookie found!');
  });

  test('should answer the echo as JSON for an Accept header naming the prototype', async ({ request }) => {
    for (const accept of PROTOTYPE_NAMES) {
      const response = await request.get('/echo', { headers: { accept } });
      expect({ status: response.status(), type: response.headers()['content-type'] }, accept).toEqual({ status: 200, type: 'application/json; charset=utf-8' });
    }
  });
});
