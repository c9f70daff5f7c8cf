import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { WsGateService } from '../../security/ws-gate.service';
import { graphqlWsOptions } from './subscription-context.helper';

/** Where graphql-ws (subscriptions) is served. */
export const GRAPHQL_WS_PATH = '/graphql';

/**
 * Serves graphql-ws on /graphql (the console's duty boards and incident pages, other systems'
 * subscriptions). It is started here rather than through GraphQLModule's `subscriptions` option so that
 * the door (WsGateService) sees every socket from the moment it opens: a socket not admitted within
 * WS_AUTH_TIMEOUT_MS is closed with 4401, where graphql-ws's own init timeout would say 4408.
 */
@Injectable()
export class GraphqlWsServerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private dispose?: () => unknown;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly gate: WsGateService,
  ) {}

  onApplicationBootstrap(): void {
    // A CLI's application context (admin-key, roster-import) has no HTTP server and serves nothing.
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const wss = new WebSocketServer({ path: GRAPHQL_WS_PATH, noServer: true });
    const served = useServer({ schema: this.schemaHost.schema, ...graphqlWsOptions(this.gate) }, wss);
    wss.on('connection', (socket, request) => this.gate.opened(socket, request));
    const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== GRAPHQL_WS_PATH) {
        // No one else serves upgrades here: answer rather than leave the socket hanging.
        if (server.listenerCount('upgrade') === 1) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    };
    server.on('upgrade', upgrade);
    this.dispose = async () => {
      server.off('upgrade', upgrade);
      await served.dispose();
    };
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispose?.();
    this.dispose = undefined;
  }
}
