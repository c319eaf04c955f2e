import { expect, test } from '../support/fixtures.ts';

// The cross-site routes (server/cross-site.ts) refuse what they do not know, and allow one origin to read a fetch.
test.describe('the cross-site routes', { tag: '@server' }, () => {
  for (const query of ['', 'id=', 'id=a%3Cb', `id=${'a'.repeat(51)}`, 'id=a&frame=other', 'id=a&id=b']) {
    test(`should refuse a cross-site page for "${query}" with 400`, async ({ request }) => {
      const response = await request.get(`/cross-site/page?${query}`);
      expect(response.status()).toBe(400);
      expect(response.headers()['content-type']).toBe('text/plain; charset=utf-8');
    });
  }

  test('should answer other methods on the record route with 405', async ({ request }) => {
    const response = await request.put('/cross-site/record?id=a');
    expect(response.status()).toBe(405);
    expect(response.headers()['allow']).toBe('GET, HEAD, POST');
  });

  test('should remember what a recorded request carried, under its id', async ({ request }) => {
    await request.post('/cross-site/record?id=remembered', { headers: { cookie: 'a=1; b=2' } });
    expect(await (await request.get('/beacon/remembered')).json()).toEqual({ cookieHeader: 'a=1; b=2' });
  });

  test('should let only 127.0.0.1 on the same port and scheme read a credentialed fetch', async ({ request, sites }) => {
    const corsHeaders = async (origin: string) => {
      const headers = (await request.get('/cross-site/record.json?id=cors', { headers: { origin } })).headers();
      return { allowOrigin: headers['access-control-allow-origin'], allowCredentials: headers['access-control-allow-credentials'], vary: headers['vary'] };
    };
    expect(await corsHeaders(sites.httpB)).toEqual({ allowOrigin: sites.httpB, allowCredentials: 'true', vary: 'Origin' });
    for (const origin of [sites.httpsB, 'http://127.0.0.1', 'http://example.com', 'null']) {
      expect(await corsHeaders(origin), origin).toEqual({ allowOrigin: undefined, allowCredentials: undefined, vary: 'Origin' });
    }
  });
});
