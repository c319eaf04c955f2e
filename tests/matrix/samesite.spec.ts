import { matrixRows, setCookieLines, test } from '../support/fixtures.ts';

test(
  'should report the SameSite of a cookie set by the server without it',
  matrixRows({
    'default-samesite-reported': { title: 'SameSite the store reports for a cookie the server set without it', topic: 'SameSite', cookies: [setCookieLines('no-samesite')] },
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/no-samesite');
    const [cookie] = await visitor.cookies();
    await observe('default-samesite-reported', cookie?.sameSite ?? null);
  },
);
