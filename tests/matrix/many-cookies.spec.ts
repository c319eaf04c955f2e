import { expect, matrixRows, test } from '../support/fixtures.ts';

const WRITTEN = 200;

test(
  'should keep a bounded number of cookies on one host, set by page script',
  matrixRows({ 'many-cookies-one-host': `${WRITTEN} cookies set by page script on localhost: how many the store keeps` }),
  async ({ visitor, observe }) => {
    await visitor.open('/');
    await visitor.run((count) => {
      for (let i = 0; i < count; i++) document.cookie = `many${i}=1; path=/`;
    }, WRITTEN);
    // Script writes reach the store in order: once the last is listed, every earlier one was stored or evicted.
    await expect.poll(async () => (await visitor.cookies()).some(({ name }) => name === `many${WRITTEN - 1}`)).toBe(true);

    await observe('many-cookies-one-host', (await visitor.cookies()).length);
  },
);
