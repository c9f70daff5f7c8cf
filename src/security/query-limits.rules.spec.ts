import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  typeFromAST,
  validate,
} from 'graphql';
import { DEFAULT_QUERY_LIMITS, queryCost, queryLimitRules } from './query-limits.rules';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'graphql', 'schema.graphql'), 'utf8'));
const examples = join(__dirname, '..', '..', 'graphql', 'examples');
/** A value of the type, with every list bound (first, limit) at its largest (100 / 200). */
function sample(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return sample(type.ofType, name);
  if (isListType(type)) return [sample(type.ofType, name)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type, f.name)]),
    );
  }
  const named = getNamedType(type).name;
  if (named === 'Int') return name === 'limit' ? 200 : 100;
  if (named === 'Boolean') return true;
  if (named === 'DateTime') return '2020-01-01T00:00:00Z';
  return 'x';
}

const check = (query: string, variables?: Record<string, unknown>, limits = DEFAULT_QUERY_LIMITS) => {
  const document = parse(query);
  const errors = validate(schema, document, queryLimitRules(limits));
  const costs = document.definitions.flatMap((operation) => {
    if (operation.kind !== 'OperationDefinition') return [];
    const values =
      variables ??
      Object.fromEntries(
        (operation.variableDefinitions ?? []).map((v) => [
          v.variable.name.value,
          sample(typeFromAST(schema, v.type as never) as GraphQLInputType, v.variable.name.value),
        ]),
      );
    return [queryCost(schema, document, operation.name?.value, values)];
  });
  return { errors: errors.map((e) => e.message), cost: Math.max(...costs) };
};

describe('query limits', () => {
  it.each(readdirSync(examples).filter((f) => f.endsWith('.graphql')))(
    'the example %s is within every limit',
    (file) => {
      const { errors, cost } = check(readFileSync(join(examples, file), 'utf8'));
      expect(errors).toEqual([]);
      expect(cost).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
    },
  );

  const heavyIncidents = (first: number) =>
    `incidents(first: ${first}) { nodes { id activation { recipients { person { name seats { title } } } } notifications { status deliveryAttempts { outcome } } events { kind } } }`;

  it('refuses 60 aliases of a heavy incidents query by aliases, before cost', () => {
    const query = `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: ${heavyIncidents(100)}`).join(' ')} }`;
    expect(check(query).errors.join()).toMatch(/aliases: at most 15 allowed, the operation has 60/);
  });

  it('prices one heavy incidents page by its first', () => {
    expect(check(`{ ${heavyIncidents(20)} }`).errors).toEqual([]);
    expect(check(`{ ${heavyIncidents(100)} }`).cost).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
    expect(
      check(`query($n: Int!) { ${heavyIncidents(100).replace('first: 100', 'first: $n')} }`, { n: 5 }).cost,
    ).toBeLessThan(DEFAULT_QUERY_LIMITS.maxCost);
  });

  it('counts root fields through fragments, and depth', () => {
    const fields = Array.from({ length: 12 }, (_, i) => `f${i}: incidentTypes { code }`);
    expect(check(`{ ...F } fragment F on Query { ${fields.join(' ')} }`).errors.join()).toMatch(
      /root fields: at most 10 allowed, the operation has 12/,
    );
    const deep = `{ incidents { nodes { events { activation { post { commanders { person { seats { title } } } } } } } } }`;
    expect(check(deep).errors.join()).toMatch(/query depth: at most 8 allowed, the operation has 9/);
    expect(check(deep, {}, { ...DEFAULT_QUERY_LIMITS, maxDepth: 6 }).errors.join()).toMatch(
      /query depth: at most 6 allowed, the operation has 9/,
    );
  });
});
