import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  DocumentNode,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isListType,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
  visit,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/** The bounds every GraphQL request is checked against before it executes (README: "Limits"). */
export interface QueryLimits {
  /** Tokens in the document (parser stops reading beyond this). */
  maxTokens: number;
  /** Nesting of selections, fragments included; introspection fields are not counted. */
  maxDepth: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Fields selected at the root of one operation (__typename not counted). */
  maxRootFields: number;
  /** Cost budget: every field costs 1, lists multiply their selection by `first`/`limit` or an assumed size. */
  maxCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxTokens: 3000,
  maxDepth: 8,
  maxAliases: 15,
  maxRootFields: 10,
  maxCost: 6000,
};

/** Size assumed for a list whose length no argument bounds (seats of a person, recipients of an activation). */
export const ASSUMED_LIST_SIZE = 10;

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export function tooComplex(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: QUERY_TOO_COMPLEX, http: { status: 400 }, ...details } });
}

/** Validation rules for depth, aliases and root fields; each refusal is one QUERY_TOO_COMPLEX error. */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const report = (what: string, limit: number) => (context: ValidationContext | null, error: GraphQLError) => {
    const found = /found (\d+)/.exec(error.message)?.[1];
    context?.reportError(
      tooComplex(`${what}: at most ${limit} allowed${found ? `, the operation has ${found}` : ''}`, {
        limit,
        found: found ? Number(found) : undefined,
      }),
    );
  };
  return [
    maxDepthRule({
      n: limits.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [report('query depth', limits.maxDepth)],
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [report('aliases', limits.maxAliases)],
    }),
    maxRootFieldsRule(limits.maxRootFields),
  ];
}

function maxRootFieldsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const count = countRootFields(context, operation.selectionSet, new Set());
      if (count > max)
        context.reportError(
          tooComplex(`root fields: at most ${max} allowed, the operation has ${count}`, { limit: max, found: count }),
        );
    },
  });
}

function countRootFields(context: ValidationContext, set: SelectionSetNode, seen: Set<string>): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countRootFields(context, selection.selectionSet, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += countRootFields(context, fragment.selectionSet, seen);
    }
  }
  return count;
}

/**
 * Every field costs 1 plus its selection times its list size: `first` or `limit` when given, the
 * assumed size for other lists, 1 for single objects. The items of a page (IncidentConnection.nodes,
 * AuditLogPage.entries) are already counted by the page's `first`/`limit`. Introspection costs nothing (bounded by the schema).
 */
export const listSizeEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0;
  const bound = typeof args.first === 'number' ? args.first : typeof args.limit === 'number' ? args.limit : undefined;
  let size = 1;
  if (bound !== undefined) size = Math.max(1, bound);
  else if (isListType(getNullableType(field.type))) size = /(Connection|Page)$/.test(type.name) ? 1 : ASSUMED_LIST_SIZE;
  return 1 + childComplexity * size;
};

/** The cost of the operation with these variables (README: "Limits"). */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> = {},
): number {
  return getComplexity({ schema, query: document, operationName, variables, estimators: [listSizeEstimator] });
}

/** The arguments listSizeEstimator reads, and @include/@skip's: the only ones the cost depends on. */
const COST_ARGUMENTS = new Set(['first', 'limit', 'if']);

/**
 * The names of the variables an operation's cost can depend on: those given anywhere to a `first`,
 * `limit` or directive `if` argument. Other variables (a report's text, an id) never change it.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(argument) {
      if (!COST_ARGUMENTS.has(argument.name.value)) return false;
      visit(argument.value, { Variable: (variable) => void names.add(variable.name.value) });
      return false;
    },
  });
  return [...names].sort();
}
