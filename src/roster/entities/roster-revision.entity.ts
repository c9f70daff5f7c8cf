import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../../database/columns.helper';

/**
 * One row (id 1) whose revision rises with every roster write, so that every process holding an
 * in-memory view of the roster can tell cheaply that it is stale.
 */
@Entity({ name: 'roster_revision' })
export class RosterRevisionEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  revision!: number;

  @InstantColumn({ name: 'changed_at' })
  changedAt!: Date;
}
