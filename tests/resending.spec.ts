import { expect, received, test } from './support/fixtures.ts';

test.beforeEach(async ({ visitor }) => {
  await visitor.open('/setcookie');
});

test('should send the cookie back on the next navigation', async ({ visitor }) => {
  expect(received(await visitor.open('/echo'))).toEqual({ cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } });
});

test('should greet the user back', async ({ visitor }) => {
  expect(await visitor.open('/')).toBe('Welcome back, Cobby!');
  expect(await visitor.open('/getcookie')).toBe('Found cookie! Username: Cobby');
});

test('should send the cookie with a same-origin fetch', async ({ visitor }) => {
  const body = await visitor.run(async () => (await fetch('/echo')).text());
  expect(received(body)).toEqual({ cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } });
});

test('should send the cookie with a form POST', async ({ visitor }) => {
  await visitor.open('/form');
  expect(received(await visitor.submit('#send'))).toEqual({ cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } });
});

test('should send the cookie with an image request', async ({ visitor, request }, testInfo) => {
  const id = `image-${testInfo.testId}`;
  await visitor.run(async (src) => {
    const image = new Image();
    image.src = src;
    await image.decode();
  }, `/beacon.gif?id=${id}`);

  // The server remembers what the image request carried; the test's own request context has no cookies.
  const beacon = await request.get(`/beacon/${id}`);
  expect(await beacon.json()).toEqual({ cookieHeader: 'username=Cobby' });
});

test('should not send the cookie to another host', async ({ visitor, otherHostURL }) => {
  expect(received(await visitor.open(`${otherHostURL}/echo`))).toEqual({ cookieHeader: null, cookies: {} });
});

test('should not send a cookie with a narrower path outside that path', async ({ visitor }) => {
  await visitor.run(() => {
    document.cookie = 'narrow=yes; path=/echo/narrow';
  });

  expect(received(await visitor.open('/echo/narrow'))).toEqual({ cookieHeader: 'narrow=yes; username=Cobby', cookies: { narrow: 'yes', username: 'Cobby' } });
  expect(received(await visitor.open('/echo'))).toEqual({ cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } });
});

test('should show the cookie on the request in Playwright request events', { tag: '@playwright-only' }, async ({ page }) => {
  await page.goto('/setcookie');
  const imageRequest = page.waitForRequest('**/beacon.gif?id=request-event');
  await page.evaluate(() => {
    new Image().src = '/beacon.gif?id=request-event';
  });
  expect(await (await imageRequest).headerValue('cookie')).toBe('username=Cobby');
});
