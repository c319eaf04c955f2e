import { LONG_PATH } from '../../server/cookie-cases.ts';
import { carries, cookieHeaderSentTo, matrixRows, test } from '../support/fixtures.ts';

test(
  'should store cookies up to the size limits, set by the server',
  matrixRows({
    'size-4096-name-value': 'Name plus value of exactly 4096 bytes, set by the server: stored?',
    'size-4097-name-value': 'Name plus value of 4097 bytes, set by the server: stored?',
    'attribute-over-1024-bytes':
      'A Path of 1106 bytes below /echo, set by the server from /cookie-case/sizes: [path the store reports there (/cookie-case: the attribute was ignored), sent to that long path]',
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/sizes');
    const cookies = await visitor.cookies();

    await observe('size-4096-name-value', cookies.some(({ name }) => name === 's4096'));
    await observe('size-4097-name-value', cookies.some(({ name }) => name === 's4097'));
    const sentToLongPath = carries(await cookieHeaderSentTo(visitor, LONG_PATH), 'longpath');
    await observe('attribute-over-1024-bytes', [cookies.find(({ name }) => name === 'longpath')?.path ?? null, sentToLongPath]);
  },
);
