import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createApp } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
// With a certificate and key (PEM files), the same app also listens over HTTPS on HTTPS_PORT.
const { TLS_CERT_FILE, TLS_KEY_FILE } = process.env;
const httpsPort = Number(process.env.HTTPS_PORT ?? 3443);

let cookieSecret = process.env.COOKIE_SECRET;
if (!cookieSecret) {
  cookieSecret = randomBytes(32).toString('hex');
  console.warn('COOKIE_SECRET is not set: signing cookies with a random development secret.');
}

const app = createApp({ cookieSecret });
const servers: (HttpServer | HttpsServer)[] = [];

/** Listens, prints the line the harness reads to learn the URL (harness/run/server-under-test.ts), or says why not. */
function listen(server: HttpServer | HttpsServer, scheme: string, requestedPort: number, portVariable: string) {
  // Express 5 also calls a listen callback on error, so no callback: 'listening' fires only on success.
  server.listen(requestedPort, host);
  server.once('listening', () => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : requestedPort;
    console.log(`Cookie server listening on ${scheme}://localhost:${actualPort} (bound to ${host})`);
  });
  // A port that cannot be had is the user's to fix: say so in one line, without a stack trace.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') console.error(`Port ${requestedPort} is in use: stop the other program or set ${portVariable}=<free port>.`);
    else if (error.code === 'EACCES') console.error(`Port ${requestedPort} needs privileges this user lacks: set ${portVariable}=<free port above 1023>.`);
    else throw error;
    process.exit(1);
  });
  servers.push(server);
}

listen(createHttpServer(app), 'http', port, 'PORT');
if (TLS_CERT_FILE && TLS_KEY_FILE) {
  listen(createHttpsServer({ cert: readFileSync(TLS_CERT_FILE), key: readFileSync(TLS_KEY_FILE) }, app), 'https', httpsPort, 'HTTPS_PORT');
}

// Stop cleanly when the harness or a terminal ends the server, then die of the same signal, as a server should: its
// parent sees the signal (a shell, status 128 + n: 130 for SIGINT, 143 for SIGTERM), never a clean exit 0. The
// handler runs once: a second signal while the servers close ends the process at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    let open = servers.length;
    for (const server of servers) {
      server.close(() => --open === 0 && process.kill(process.pid, signal));
      server.closeAllConnections();
    }
  });
}
