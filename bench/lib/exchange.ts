/**
 * What two ways of making a call put on the wire, compared byte for byte: a per-call overhead is a
 * fair figure only when "ours" and "bare" send the same request and get the same answer (the same
 * headers, in the same order, and the same body; a different `accept` makes the server answer with
 * a different content type, an extra `operationName` is work the other side does not ask for).
 */
import net from 'node:net';

/** The bytes one call sent and received, as latin1 text (byte for byte, any encoding). */
export interface Exchange {
  request: string;
  answer: string;
}

/**
 * Relays each call, one after the other, to `target` (`http://127.0.0.1:<port>`) through one
 * loopback TCP relay (so both see the same `host`), and returns the bytes each way of each call.
 * A call gets the relay's base URL to call.
 */
export async function captureExchanges(target: string, calls: ReadonlyArray<(baseUrl: string) => Promise<unknown>>): Promise<Exchange[]> {
  const { hostname, port } = new URL(target);
  let sent: Buffer[] = [];
  let received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const server = net.connect(Number(port), hostname);
    sockets.add(client).add(server);
    client.on('data', (chunk: Buffer) => {
      sent.push(chunk);
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      received.push(chunk);
      client.write(chunk);
    });
    client.on('end', () => server.end());
    server.on('end', () => client.end());
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
  const exchanges: Exchange[] = [];
  try {
    for (const call of calls) {
      sent = [];
      received = [];
      await call(baseUrl);
      exchanges.push({ request: Buffer.concat(sent).toString('latin1'), answer: Buffer.concat(received).toString('latin1') });
    }
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  }
  return exchanges;
}

/**
 * Where two exchanges differ, or undefined when they are the same. Left out of the comparison:
 * the bearer token's value (each side holds a token of its own from the same identity provider;
 * its length still counts) and the answer's `Date`.
 */
export function exchangeDifference(ours: Exchange, bare: Exchange): string | undefined {
  const normalize = (text: string) =>
    text.replace(/^(authorization: Bearer )(\S+)/im, (_, name: string, token: string) => `${name}<${token.length} characters>`).replace(/^date: .*$/im, 'date: <date>');
  for (const part of ['request', 'answer'] as const) {
    const a = normalize(ours[part]).split('\r\n');
    const b = normalize(bare[part]).split('\r\n');
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] !== b[i]) return `${part} line ${i + 1}: ours ${JSON.stringify(clip(a[i]))}, bare ${JSON.stringify(clip(b[i]))}`;
    }
  }
  return undefined;
}

function clip(line: string | undefined): string | undefined {
  return line !== undefined && line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
