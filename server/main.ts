import { randomBytes } from 'node:crypto';
import { createApp } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

let cookieSecret = process.env.COOKIE_SECRET;
if (!cookieSecret) {
  cookieSecret = randomBytes(32).toString('hex');
  console.warn('COOKIE_SECRET is not set: signing cookies with a random development secret.');
}

const server = createApp({ cookieSecret }).listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(`Cookie server listening on http://localhost:${actualPort} (bound to ${host})`);
});

// Stop cleanly when the harness or a terminal ends the server.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
