import { expect, received, test } from './support/fixtures.ts';

test.beforeEach(async ({ visitor }) => {
  await visitor.open('/setcookie');
});

const deletionRoutes = [
  { route: '/deletecookie', answer: 'Cookie has been deleted!', how: 'with Max-Age=0 (res.clearCookie)' },
  { route: '/expirecookie', answer: 'Cookie has expired!', how: 'with an empty value that expired at the epoch' },
];

for (const { route, answer, how } of deletionRoutes) {
  test(`should delete the cookie through ${route}, ${how}`, async ({ visitor }) => {
    expect(await visitor.open(route)).toBe(answer);

    expect(await visitor.cookies()).toEqual([]);
    expect(received(await visitor.open('/echo'))).toEqual({ cookieHeader: null, cookies: {} });
    expect(await visitor.open('/getcookie')).toBe('No cookie found!');
    expect(await visitor.open('/')).toBe('Hello, Guest!');
  });
}

test('should not let page script delete the HttpOnly cookie', async ({ visitor }) => {
  await visitor.run(() => {
    document.cookie = 'username=; path=/; max-age=0';
  });

  expect(await visitor.cookies()).toEqual([expect.objectContaining({ name: 'username', value: 'Cobby', httpOnly: true })]);
  expect(await visitor.open('/')).toBe('Welcome back, Cobby!');
});

test('should delete a cookie from page script', async ({ visitor }) => {
  await visitor.run(() => {
    document.cookie = 'theme=dark; path=/';
  });
  await visitor.run(() => {
    document.cookie = 'theme=; path=/; max-age=0';
  });

  expect(await visitor.run(() => document.cookie)).toBe('');
  expect(received(await visitor.open('/echo'))).toEqual({ cookieHeader: 'username=Cobby', cookies: { username: 'Cobby' } });
});

// A lane may list only the cookies the page shown would get (WebDriver): one on a deeper path, which that list never
// shows, must be gone too when clearCookies() returns (a case file's next case relies on it).
test('should forget every cookie, of every path, when the store is cleared', async ({ visitor }) => {
  await visitor.addCookie({ name: 'deep', value: '1', path: '/echo/deep' });
  await visitor.clearCookies();

  expect(await visitor.cookies()).toEqual([]);
  expect(received(await visitor.open('/echo'))).toEqual({ cookieHeader: null, cookies: {} });
  expect(received(await visitor.open('/echo/deep'))).toEqual({ cookieHeader: null, cookies: {} });
  expect(await visitor.open('/')).toBe('Hello, Guest!');
});
