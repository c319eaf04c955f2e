import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
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

function announce(server: HttpServer | HttpsServer, scheme: string, requestedPort: number) {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : requestedPort;
  console.log(`Cookie server listening on ${scheme}://localhost:${actualPort} (bound to ${host})`);
}

const httpServer = app.listen(port, host, () => announce(httpServer, 'http', port));
servers.push(httpServer);
if (TLS_CERT_FILE && TLS_KEY_FILE) {
  const httpsServer = createHttpsServer({ cert: readFileSync(TLS_CERT_FILE), key: readFileSync(TLS_KEY_FILE) }, app);
  httpsServer.listen(httpsPort, host, () => announce(httpsServer, 'https', httpsPort));
  servers.push(httpsServer);
}

// Stop cleanly when the harness or a terminal ends the server.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    let open = servers.length;
    for (const server of servers) {
      server.close(() => --open === 0 && process.exit(0));
      server.closeAllConnections();
    }
  });
}
