import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request, Response, Server } from 'restify';

/**
 * The page's policy: everything from this server and nothing from anywhere else. Web Chat
 * styles itself with injected `<style>` elements, hence 'unsafe-inline' for styles only; it
 * needs no eval, so scripts stay 'self'.
 */
export const CHAT_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** src/web/public, whether running from the sources (ts-jest) or from dist/ (which has no copy). */
function publicDir(): string {
  const candidates = [path.join(__dirname, 'public'), path.resolve(__dirname, '../../../src/web/public')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (!found) throw new Error(`Chat page files not found in ${candidates.join(' or ')}`);
  return found;
}

/** Web Chat's browser bundle and version, from node_modules (its `exports` hide package.json). */
function webChatBundle(): { file: string; version: string } {
  const root = path.resolve(path.dirname(require.resolve('botframework-webchat')), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { file: path.join(root, 'dist', 'webchat.js'), version };
}

/**
 * Adds the residents' chat page: `GET /` and its `/chat.js` and `/chat.css`, and
 * `GET /webchat/webchat.js`, Web Chat's own bundle served from node_modules (no CDN).
 */
export function registerChatPage(server: Server): void {
  const dir = publicDir();
  const bundle = webChatBundle();
  const bundleSize = statSync(bundle.file).size;
  // The page names the bundle's version in its URL, so the bundle can be cached for a year.
  const page = readFileSync(path.join(dir, 'index.html'), 'utf8').replaceAll(
    '__WEBCHAT_VERSION__',
    encodeURIComponent(bundle.version),
  );
  const script = readFileSync(path.join(dir, 'chat.js'), 'utf8');
  const styles = readFileSync(path.join(dir, 'chat.css'), 'utf8');

  const sendText = (res: Response, type: string, text: string, extra: Record<string, string> = {}) => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': `${type}; charset=utf-8`,
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache',
      ...extra,
    });
    res.end(text);
  };

  server.get('/', async (_req: Request, res: Response) =>
    sendText(res, 'text/html', page, { 'Content-Security-Policy': CHAT_PAGE_CSP }),
  );
  server.get('/chat.js', async (_req: Request, res: Response) => sendText(res, 'text/javascript', script));
  server.get('/chat.css', async (_req: Request, res: Response) => sendText(res, 'text/css', styles));

  server.get('/webchat/webchat.js', async (_req: Request, res: Response) => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Length': bundleSize,
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: `"webchat-${bundle.version}"`,
    });
    try {
      await pipeline(createReadStream(bundle.file), res);
    } catch {
      // The browser went away mid-download; nothing to answer.
    }
  });
}
