import type { ContactMethodEntity } from './entities/contact-method.entity';
import { ContactMethodModel } from './models/contact-method.model';

/** The GraphQL model of a contact method: the fields the model declares, nothing else of the row. */
export function toContactMethodModel(row: ContactMethodEntity): ContactMethodModel {
  return Object.assign(new ContactMethodModel(), {
    id: row.id,
    kind: row.kind,
    value: row.value,
    priority: row.priority,
    label: row.label,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}
