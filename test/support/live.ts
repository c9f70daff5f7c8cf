import type { AddressInfo } from 'node:net';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApp } from './test-app';

/** Makes the test app listen on a port of 127.0.0.1 (subscriptions need a real socket); returns the ws URL. */
export async function listen(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

export function wsClient(url: string, authorization?: string): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { Authorization: authorization } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Subscription<T> {
  /** Every payload received so far. */
  received: Array<{
    data?: T | null;
    errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  }>;
  /** Resolves with the payloads once `done` holds for them (or rejects after timeoutMs). */
  until(
    done: (received: Subscription<T>['received']) => boolean,
    timeoutMs?: number,
  ): Promise<Subscription<T>['received']>;
  stop(): void;
}

/** Starts a subscription and records what it receives. */
export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription<T> {
  const received: Subscription<T>['received'] = [];
  const waiters: Array<() => void> = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        received.push(value as Subscription<T>['received'][number]);
        notify();
      },
      error: (error) => {
        const close = error as { code?: number; reason?: string } | null;
        const errors = Array.isArray(error)
          ? error
          : typeof close?.code === 'number'
            ? // The socket was closed (graphql-ws close codes: 4401 no valid key …).
              [{ message: `closed ${close.code}: ${close.reason ?? ''}`, extensions: { closeCode: close.code } }]
            : [{ message: String((error as Error)?.message ?? error) }];
        received.push({ errors });
        notify();
      },
      complete: () => notify(),
    },
  );
  return {
    received,
    stop,
    until: (done, timeoutMs = 15000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`subscription: condition not met in ${timeoutMs} ms; received ${JSON.stringify(received)}`),
            ),
          timeoutMs,
        );
        const check = () => {
          if (done(received)) {
            clearTimeout(timer);
            resolve(received);
          } else waiters.push(check);
        };
        check();
      }),
  };
}
