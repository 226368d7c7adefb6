/** Serving the app over HTTP (`lct serve`): listen, report the URL, and stop gracefully. */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Database } from '../db/database.js';
import { LctError } from '../errors.js';
import { type ApiOptions, type LctApp, createApp } from './app.js';

export interface ServerOptions extends ApiOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (this machine only); 0.0.0.0 to listen on every interface. */
  host?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  app: LctApp;
  server: http.Server;
  /** Stops accepting connections, lets requests in progress finish (at most `graceMs`), then closes the rest. */
  close(graceMs?: number): Promise<void>;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

export async function startServer(db: Database, options: ServerOptions = {}): Promise<RunningServer> {
  const app = createApp(db, options);
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const server = await new Promise<http.Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }) as http.Server;
    s.once('listening', () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(new LctError(`Port ${port} on ${host} is already in use.`, 'Pick another: lct serve --port 8081'));
      else if (error.code === 'EACCES')
        reject(new LctError(`Not allowed to listen on port ${port}.`, 'Use a port above 1023: lct serve --port 8080'));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(
          new LctError(
            `Cannot listen on host "${host}".`,
            'Use 127.0.0.1 (this machine) or 0.0.0.0 (every interface).',
          ),
        );
      else reject(error);
    });
  });
  server.keepAliveTimeout = 5_000;
  // A connection on which nothing moves for a minute (a client that stopped reading) is closed.
  server.setTimeout(60_000);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    host: address.address,
    app,
    server,
    close(graceMs = 5_000) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
