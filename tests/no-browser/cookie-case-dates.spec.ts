import { COOKIE_CASE_DATES, COOKIE_CASES } from '../../server/cookie-cases.ts';
import { expect, test } from '../support/fixtures.ts';

const MINUTE_MS = 60_000;

test.describe('cookie cases of the server under test', () => {
  test("should send a case's own Date, once, with its Set-Cookie lines", async ({ request }) => {
    expect(Object.keys(COOKIE_CASE_DATES).sort()).toEqual(['server-date-future', 'server-date-past']);
    for (const [name, date] of Object.entries(COOKIE_CASE_DATES)) {
      const response = await request.get(`/cookie-case/${name}`);
      expect(response.status(), name).toBe(200);
      const headers = response.headersArray();
      expect(headers.filter(({ name: header }) => header.toLowerCase() === 'date').map(({ value }) => value), name).toEqual([date]);
      expect(headers.filter(({ name: header }) => header.toLowerCase() === 'set-cookie').map(({ value }) => value), name).toEqual(COOKIE_CASES[name]!());
    }
  });

  test("should send the server's own Date for every other case", async ({ request }) => {
    const response = await request.get('/cookie-case/no-samesite');
    const dates = response.headersArray().filter(({ name }) => name.toLowerCase() === 'date');
    expect(dates).toHaveLength(1);
    expect(Math.abs(Date.parse(dates[0]!.value) - Date.now())).toBeLessThan(MINUTE_MS);
  });
});
