import { expect, test } from '../support/fixtures.ts';

// The named redirects (server/redirects.ts): a fixed table, and no text of the request in the Location header.
test.describe('the redirect routes', { tag: '@server' }, () => {
  for (const name of ['unknown', '__proto__', 'constructor', 'toString', 'to-a-echo%2F..']) {
    test(`should answer 404 for the redirect "${name}"`, async ({ request }) => {
      const response = await request.get(`/redirect/${name}`, { maxRedirects: 0 });
      expect(response.status()).toBe(404);
      expect(response.headers()['location']).toBeUndefined();
    });
  }

  for (const query of ['', 'id=', 'id=a%3Cb', `id=${'a'.repeat(65)}`, 'id=a&id=b']) {
    test(`should refuse a forwarding redirect for "${query}" with 400`, async ({ request }) => {
      const response = await request.get(`/redirect/to-a-beacon?${query}`, { maxRedirects: 0 });
      expect(response.status()).toBe(400);
      expect(response.headers()['location']).toBeUndefined();
    });
  }

  test('should send a cookie with the set-cookie redirect, to the echo route of the same site', async ({ request }) => {
    const response = await request.get('/redirect/set-cookie', { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers()['location']).toBe('/echo/after-redirect');
    expect(response.headers()['set-cookie']).toBe('on_redirect=yes; Path=/');
  });

  test("should forward to site A's beacon under an id the server made, and remember the request under the one given", async ({ request, sites }) => {
    const response = await request.get('/redirect/to-a-beacon?id=given-id', { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    const location = new URL(response.headers()['location']!);
    expect(location.origin).toBe(sites.httpA);
    expect(location.pathname).toBe('/beacon.gif');
    expect(location.searchParams.get('id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    await request.get(`${location.pathname}${location.search}`, { headers: { cookie: 'forwarded=1' } });
    expect(await (await request.get('/beacon/given-id')).json()).toEqual({ cookieHeader: 'forwarded=1' });
  });

  test('should answer other methods on a redirect with 405', async ({ request }) => {
    const response = await request.post('/redirect/set-cookie', { maxRedirects: 0 });
    expect(response.status()).toBe(405);
    expect(response.headers()['allow']).toBe('GET, HEAD');
  });
});
