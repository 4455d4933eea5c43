/**
 * WB's API hosts for the bench, served by the simulator over a local HTTPS server: Chromium is pointed at it with
 * `--host-resolver-rules` (every `*.wildberries.ru` name resolves to 127.0.0.1:port) and `--ignore-certificate-errors`
 * (the certificate is self-signed, made with openssl). The extension's service worker then fetches over a real
 * socket, as it does from WB, and reads the body as a stream. Playwright's `route.fulfill` instead carried each
 * 50 MB page through the DevTools protocol (9–12 s a page), which measured the harness, not the extension.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import path from 'node:path';
import { hostInfo } from '../../tests/sim/hosts';
import type { WbSimulator } from '../../tests/sim';
import { SimNetworkError } from '../../tests/sim/types';

export interface WbServer {
  port: number;
  /** Chromium flags that send WB's hosts here. */
  chromiumArgs: string[];
  /** Milliseconds the simulator spent answering (generating bodies), summed, since the last `takeSimMs`. */
  takeSimMs(): number;
  close(): Promise<void>;
}

/** A self-signed certificate for wildberries.ru and *.wildberries.ru, in `dir`; throws when openssl is missing. */
function selfSignedCert(dir: string): { key: Buffer; cert: Buffer } {
  const key = path.join(dir, 'wb-key.pem');
  const cert = path.join(dir, 'wb-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=wildberries.ru',
      '-addext',
      'subjectAltName=DNS:wildberries.ru,DNS:*.wildberries.ru',
    ],
    { stdio: 'ignore' },
  );
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the server. `current` is the simulator of the moment; `clockHeader` names the request header with the
 * bench's virtual time, which moves the simulator's clock forward before it answers.
 */
export async function startWbServer(dir: string, current: () => WbSimulator, clockHeader: string): Promise<WbServer> {
  const { key, cert } = selfSignedCert(dir);
  let simMs = 0;
  const server = createServer({ key, cert }, (req, res) => {
    void (async () => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!hostInfo(host)) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not a WB API host');
        return;
      }
      const sim = current();
      const at = Number(req.headers[clockHeader]);
      if (Number.isFinite(at) && at > sim.clock.now()) sim.clock.set(at);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const method = (req.method ?? 'GET').toUpperCase();
      const body = method === 'GET' || method === 'HEAD' ? null : await readBody(req);
      const t0 = performance.now();
      try {
        const out = await sim.handle({ method, url: `https://${host}${req.url ?? '/'}`, headers, body });
        simMs += performance.now() - t0;
        res.writeHead(out.status, out.headers);
        res.end(out.body);
      } catch (e) {
        simMs += performance.now() - t0;
        if (e instanceof SimNetworkError) req.socket.destroy();
        else {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'simulator failed' }));
          console.error('[bench] simulator failed', e);
        }
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    chromiumArgs: [`--host-resolver-rules=MAP *.wildberries.ru 127.0.0.1:${port}`, '--ignore-certificate-errors'],
    takeSimMs() {
      const ms = simMs;
      simMs = 0;
      return ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
