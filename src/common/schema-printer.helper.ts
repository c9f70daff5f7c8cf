import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

/** The served schema as committed in graphql/schema.graphql: sorted, so diffs show API changes only. */
export function printServedSchema(app: INestApplication): string {
  return `${printSchema(lexicographicSortSchema(app.get(GraphQLSchemaHost).schema))}\n`;
}
