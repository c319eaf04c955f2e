import { carries, cookieHeaderSentTo, matrixRows, setCookieLines, test, valuesIn } from '../support/fixtures.ts';

const PREFIX_PATHS = ['/echo/docs', '/echo/docs/', '/echo/docs/x', '/echo/docsx'];

test(
  'should scope cookies by path and domain, set by the server',
  matrixRows({
    'path-prefix': {
      title: 'Path=/echo/docs, set by the server: the paths it is sent to, of /echo/docs, /echo/docs/, /echo/docs/x and /echo/docsx',
      topic: 'Scope',
      cookies: [setCookieLines('scope', 'pathprefix')],
    },
    'cookie-order': {
      title: 'One name on / (set first) and on /echo, set by the server: their values in the order of the Cookie header sent to /echo/docs',
      topic: 'Scope',
      cookies: [setCookieLines('scope', 'order')],
    },
    'overwrite-same-name-path': {
      title: 'One name and path set twice in one response by the server (first, then second): the values sent',
      topic: 'Scope',
      cookies: [setCookieLines('scope', 'over')],
    },
    'domain-localhost': {
      title: 'Domain=localhost, set by the server from localhost: the domain the store reports (null: refused)',
      topic: 'Scope',
      cookies: [setCookieLines('scope', 'domlocal')],
    },
  }),
  async ({ visitor, observe }) => {
    await visitor.open('/cookie-case/scope');
    const domainLocalhost = (await visitor.cookies()).find(({ name }) => name === 'domlocal');
    const sent = new Map<string, string | null>();
    for (const path of PREFIX_PATHS) sent.set(path, await cookieHeaderSentTo(visitor, path));

    await observe('path-prefix', PREFIX_PATHS.filter((path) => carries(sent.get(path)!, 'pathprefix')), { cookies: ['pathprefix'] });
    await observe('cookie-order', valuesIn(sent.get('/echo/docs')!, 'order'));
    await observe('overwrite-same-name-path', valuesIn(sent.get('/echo/docs')!, 'over'));
    await observe('domain-localhost', domainLocalhost?.domain ?? null, { cookies: ['domlocal'] });
  },
);
