import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from '@apollo/server';
import { buildSchema, parse } from 'graphql';
import type { AppConfig } from '../config/app.config';
import { QueryCostPlugin } from './query-cost.plugin';
import { costVariables } from './query-limits.rules';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'graphql', 'schema.graphql'), 'utf8'));
const PAGE = `query($n: Int, $type: String, $deep: Boolean!) {
  incidents(first: $n, filter: { incidentType: $type }) { nodes { id title notifications @include(if: $deep) { status } } } }`;

describe('costVariables', () => {
  it('names only the variables given to first, limit or a directive if, fragments included', () => {
    expect(costVariables(parse(PAGE))).toEqual(['deep', 'n']);
    const other = `query($l: Int, $id: ID!) { ...F incident(id: $id) { id } } fragment F on Query { auditLog(limit: $l) { entries { id } } }`;
    expect(costVariables(parse(other))).toEqual(['l']);
    expect(
      costVariables(parse(`mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`)),
    ).toEqual([]);
  });
});

describe('QueryCostPlugin', () => {
  const plugin = new QueryCostPlugin({ env: { GRAPHQL_MAX_COST: 1000 } } as unknown as AppConfig);
  const document = parse(PAGE);
  async function cost(variables: Record<string, unknown>): Promise<string | null> {
    const listener = (await plugin.requestDidStart()) as GraphQLRequestListener<Record<string, unknown>>;
    const request = { schema, document, queryHash: 'page', operationName: null, request: { variables } };
    try {
      await listener.didResolveOperation!(
        request as unknown as GraphQLRequestContextDidResolveOperation<Record<string, unknown>>,
      );
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('prices a document once for every value of the variables that do not change its cost', async () => {
    const priced = jest.spyOn(plugin as unknown as { price: () => number }, 'price');
    for (const type of ['EARTHQUAKE', 'FLOOD_DROUGHT', 'COAL_MINE'])
      expect(await cost({ n: 5, type, deep: true })).toBeNull();
    expect(priced).toHaveBeenCalledTimes(1);
    priced.mockRestore();
  });

  it('prices again, and refuses, when a variable it counts by changes', async () => {
    expect(await cost({ n: 5, deep: true })).toBeNull();
    expect(await cost({ n: 100, deep: true })).toMatch(/query cost \d+ exceeds the budget of 1000/);
    expect(await cost({ n: 100, deep: false })).toBeNull();
    // Absent is not null: an absent first takes the argument's default, a null one the assumed list size.
    const priced = jest.spyOn(plugin as unknown as { price: () => number }, 'price');
    await cost({ deep: true });
    await cost({ n: null, deep: true });
    expect(priced).toHaveBeenCalledTimes(2);
    priced.mockRestore();
  });
});
