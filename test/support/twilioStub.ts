import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message the stub accepted, as Twilio would have sent it. */
export interface StubMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

/** A request the stub received, accepted or not. */
export interface StubRequest {
  method: string;
  path: string;
  status: number;
  form: Record<string, string>;
}

/** An error answer like Twilio's: `{ code, message, more_info, status }`. */
export interface StubFailure {
  status: 400 | 401 | 404 | 429 | 500 | 502 | 503;
  code: number;
  message: string;
}

export const TOO_MANY_REQUESTS: StubFailure = { status: 429, code: 20429, message: 'Too Many Requests' };
export const SERVICE_UNAVAILABLE: StubFailure = {
  status: 503,
  code: 20503,
  message: 'Service is unavailable. Please try again',
};
export const INVALID_TO_NUMBER: StubFailure = {
  status: 400,
  code: 21211,
  message: "The 'To' number is not a valid phone number.",
};

/**
 * A local HTTP server that speaks the part of Twilio's REST API the bot uses:
 * `POST /2010-04-01/Accounts/:sid/Messages.json` with a form body (To, From or
 * MessagingServiceSid, Body, StatusCallback) and HTTP Basic auth, answering 201 with a message
 * resource like Twilio's. It records every message, and can be told to fail the next requests.
 */
export class TwilioStub {
  readonly messages: StubMessage[] = [];
  readonly requests: StubRequest[] = [];
  private readonly failures: StubFailure[] = [];
  private server?: http.Server;
  url = '';

  constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  /** Listens on 127.0.0.1, on the port it had before if it is restarted (so `url` stays valid). */
  async start(): Promise<this> {
    const port = this.url ? Number(new URL(this.url).port) : 0;
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The same as {@link stop}. */
  close(): Promise<void> {
    return this.stop();
  }

  /** The next `count` message requests get `failure` (queued after any failures already set). */
  failNext(count: number, failure: StubFailure): void {
    for (let i = 0; i < count; i += 1) this.failures.push(failure);
  }

  /** Forgets what was sent and any failures still queued. */
  reset(): void {
    this.messages.length = 0;
    this.requests.length = 0;
    this.failures.length = 0;
  }

  /** The bodies sent to `to`, in order. */
  textsTo(to: string): string[] {
    return this.messages.filter((m) => m.to === to).map((m) => m.body);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const answer = (status: number, body: unknown) => {
      this.requests.push({ method: req.method ?? '', path, status, form });
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const error = (failure: StubFailure) =>
      answer(failure.status, {
        code: failure.code,
        message: failure.message,
        more_info: `https://www.twilio.com/docs/errors/${failure.code}`,
        status: failure.status,
      });

    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (req.method !== 'POST' || !match) {
      return error({ status: 404, code: 20404, message: `The requested resource ${path} was not found` });
    }
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || match[1] !== this.accountSid) {
      return error({ status: 401, code: 20003, message: 'Authenticate' });
    }
    const failure = this.failures.shift();
    if (failure) return error(failure);
    if (!form.To) return error({ status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!form.Body) return error({ status: 400, code: 21602, message: 'Message body is required.' });
    if (!form.From && !form.MessagingServiceSid) {
      return error({ status: 400, code: 21603, message: "A 'From' phone number is required." });
    }
    if (form.Body.length > 1600) {
      return error({
        status: 400,
        code: 21617,
        message: 'The concatenated message body exceeds the 1600 character limit.',
      });
    }

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const message: StubMessage = {
      sid,
      accountSid: this.accountSid,
      to: form.To,
      from: form.From ?? null,
      messagingServiceSid: form.MessagingServiceSid ?? null,
      body: form.Body,
      statusCallback: form.StatusCallback ?? null,
    };
    this.messages.push(message);
    const now = new Date().toUTCString().replace('GMT', '+0000');
    answer(201, {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: form.Body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'GBP',
      sid,
      status: message.messagingServiceSid && !message.from ? 'accepted' : 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}/Media.json` },
      to: form.To,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
    });
  }
}
