import { randomBytes } from 'node:crypto';
import { createApp } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

let cookieSecret = process.env.COOKIE_SECRET;
if (!cookieSecret) {
  cookieSecret = randomBytes(32).toString('hex');
  console.warn('COOKIE_SECRET is not set: signing cookies with a random development secret.');
}

// Express 5 also calls a listen callback on error, so the callback is not used: 'listening' fires only on success.
const server = createApp({ cookieSecret }).listen(port, host);

// The harness reads this line to learn the URL (harness/server-under-test.ts).
server.once('listening', () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(`Cookie server listening on http://localhost:${actualPort} (bound to ${host})`);
});

// A port that cannot be had is the user's to fix: say so in one line, without a stack trace.
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') console.error(`Port ${port} is in use: stop the other program or set PORT=<free port>.`);
  else if (error.code === 'EACCES') console.error(`Port ${port} needs privileges this user lacks: set PORT=<free port above 1023>.`);
  else throw error;
  process.exit(1);
});

// Stop cleanly when the harness or a terminal ends the server.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
