import { LONG_PATH } from '../../server/cookie-cases.ts';
import { carries, cookieHeaderSentTo, matrixRows, setCookieLines, test } from '../support/fixtures.ts';

test(
  'should store cookies up to the size limits, set by the server',
  matrixRows({
    'size-4096-name-value': { title: 'Name plus value of exactly 4096 bytes, set by the server: stored?', topic: 'Size', cookies: [setCookieLines('sizes', 's4096')] },
    'size-4097-name-value': { title: 'Name plus value of 4097 bytes, set by the server: stored?', topic: 'Size', cookies: [setCookieLines('sizes', 's4097')] },
    'attribute-over-1024-bytes': {
      title: 'A Path of 1106 bytes below /echo, set by the server from /cookie-case/sizes: the path the store reports (/cookie-case: the attribute was ignored), and whether it is sent to that long path',
      topic: 'Size',
      parts: ['path', 'sentThere'],
      cookies: [setCookieLines('sizes', 'longpath')],
    },
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/sizes');
    const cookies = await visitor.cookies();

    await observe('size-4096-name-value', cookies.some(({ name }) => name === 's4096'), { cookies: ['s4096'] });
    await observe('size-4097-name-value', cookies.some(({ name }) => name === 's4097'), { cookies: ['s4097'] });
    const sentToLongPath = carries(await cookieHeaderSentTo(visitor, LONG_PATH), 'longpath');
    await observe('attribute-over-1024-bytes', [cookies.find(({ name }) => name === 'longpath')?.path ?? null, sentToLongPath], { cookies: ['longpath'] });
  },
);
