import { expect, matrixRows, scriptWrites, test } from '../support/fixtures.ts';

const WRITES = Array.from({ length: 200 }, (_, i) => `many${i}=1; path=/`);
const LAST = `many${WRITES.length - 1}`;

test(
  'should keep a bounded number of cookies on one host, set by page script',
  matrixRows({
    'many-cookies-one-host': { title: `${WRITES.length} cookies set by page script on localhost: how many the store keeps`, topic: 'Size', cookies: [scriptWrites(...WRITES)] },
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/');
    await visitor.run((writes) => {
      for (const write of writes) document.cookie = write;
    }, WRITES);
    // Script writes reach the store in order: once the last is listed, every earlier one was stored or evicted.
    await expect.poll(async () => (await visitor.cookies()).some(({ name }) => name === LAST)).toBe(true);

    await observe('many-cookies-one-host', (await visitor.cookies()).length);
  },
);
