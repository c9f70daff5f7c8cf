import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';

/**
 * Apollo Client for one signed-in session: queries and mutations over HTTP (JSON, so Apollo's CSRF
 * prevention is satisfied), subscriptions over graphql-ws on the same /graphql; both carry the
 * HttpOnly session cookie. A 401 (session ended) calls onUnauthenticated.
 */
export function createApollo(onUnauthenticated: () => void): { client: ApolloClient; dispose(): void } {
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const wsClient = createClient({
    url: wsUrl,
    lazy: true,
    retryAttempts: 1_000_000,
    shouldRetry: () => true,
    retryWait: (n) => new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** n))),
  });
  const ws = new GraphQLWsLink(wsClient);
  const errors = new ErrorLink(({ error }) => {
    const code401 = ServerError.is(error) && error.statusCode === 401;
    const unauthenticated =
      CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (code401 || unauthenticated) onUnauthenticated();
  });
  const transport = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    ws,
    http,
  );
  // Directory objects depend on asOf: keep them inside their query result instead of normalising them.
  const unnormalised = { keyFields: false as const };
  const client = new ApolloClient({
    link: ApolloLink.from([errors, transport]),
    cache: new InMemoryCache({
      typePolicies: {
        Seat: unnormalised,
        Person: unnormalised,
        Position: unnormalised,
        CommandPost: unnormalised,
        Headquarters: unnormalised,
        Office: unnormalised,
        Activation: unnormalised,
        Recipient: unnormalised,
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
  return {
    client,
    dispose: () => {
      void wsClient.dispose();
      client.stop();
    },
  };
}
