import { expect, received, test } from './support/fixtures.ts';

// One visit, several requests: each step asks whether the cookie /setcookie stored goes with one kind of request.
// Softly, so that one kind that fails does not hide the others.
test('should send the cookie back by itself, on every kind of request to its host and path', async ({ visitor, request, otherHostURL }, testInfo) => {
  await visitor.open('/setcookie');
  const username = { cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } };

  await test.step('on the next navigation', async () => {
    expect.soft(received(await visitor.open('/echo'))).toEqual(username);
  });

  await test.step('greeting the user back', async () => {
    expect.soft(await visitor.open('/')).toBe('Welcome back, Cobby!');
    expect.soft(await visitor.open('/getcookie')).toBe('Found cookie! Username: Cobby');
  });

  await test.step('with a same-origin fetch', async () => {
    expect.soft(received(await visitor.run(async () => (await fetch('/echo')).text()))).toEqual(username);
  });

  await test.step('with a form POST', async () => {
    await visitor.open('/form');
    expect.soft(received(await visitor.submit('#send'))).toEqual(username);
  });

  await test.step('with an image request', async () => {
    const id = `image-${testInfo.testId}-${testInfo.repeatEachIndex}-${testInfo.retry}`;
    await visitor.run(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
    }, `/beacon.gif?id=${id}`);
    // The server remembers what the image request carried; the test's own request context has no cookies.
    expect.soft(await (await request.get(`/beacon/${id}`)).json()).toEqual({ cookieHeader: 'username=Cobby' });
  });

  await test.step('never to another host', async () => {
    expect.soft(received(await visitor.open(`${otherHostURL}/echo`))).toEqual({ cookieHeader: null, cookies: {} });
  });

  await test.step('with a narrower path only inside that path', async () => {
    await visitor.open('/');
    await visitor.run(() => {
      document.cookie = 'narrow=yes; path=/echo/narrow';
    });
    expect.soft(received(await visitor.open('/echo/narrow'))).toEqual({ cookieHeader: 'narrow=yes; username=Cobby', cookies: { narrow: 'yes', username: 'Cobby' } });
    expect.soft(received(await visitor.open('/echo'))).toEqual(username);
  });
});

test('should show the cookie on the request in Playwright request events', { tag: '@playwright-only' }, async ({ page }) => {
  await page.goto('/setcookie');
  const imageRequest = page.waitForRequest('**/beacon.gif?id=request-event');
  await page.evaluate(() => {
    new Image().src = '/beacon.gif?id=request-event';
  });
  expect(await (await imageRequest).headerValue('cookie')).toBe('username=Cobby');
});
