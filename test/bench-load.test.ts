/**
 * The API benchmark's load generator (bench/api-client.ts) reports the rate of the requests it made: a run of
 * a fixed number of requests is timed to its last response, not to the next whole second.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runLoad } from '../bench/api-client.js';

let server: http.Server;
let url: string;
const seen: string[] = [];
let lastServed = 0;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    seen.push(request.url ?? '');
    lastServed = performance.now();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('a run of a fixed number of requests is timed to its last response', async () => {
  const started = performance.now();
  const result = await runLoad({ url, duration: 0, amount: 300, connections: 3, paths: ['/a', '/b', '/c'] });
  const wallSeconds = (performance.now() - started) / 1000;

  expect(result.requests).toBe(300);
  expect(result.status).toEqual({ '200': 300 });
  expect(seen.filter((path) => path === '/b')).toHaveLength(100);
  // From the start to the last response: after the server sent it, before the call returned (autocannon's
  // own duration ends on its once-a-second tick, so a run this short read as a whole second).
  expect(result.seconds).toBeGreaterThanOrEqual(Math.floor(lastServed - started) / 1000);
  expect(result.seconds).toBeLessThanOrEqual(wallSeconds);
  expect(Math.abs(result.rps - 300 / result.seconds)).toBeLessThanOrEqual(300 / result.seconds / 100);
});
