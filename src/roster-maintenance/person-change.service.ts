import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/principal.types';
import { BadInputException } from '../common/domain.exception';
import { normalizePersonName } from '../common/text-policy.helper';
import { effectiveFrom } from './core/change-rules';
import type { ChangeOutcome, RenamePersonCommand } from './roster-change.types';
import { RosterTransactionService } from './roster-transaction.service';
import type { RosterTx } from './roster-tx.helper';

/** Person changes: a corrected name. Runs as one roster change (RosterTransactionService). */
@Injectable()
export class PersonChangeService {
  constructor(private readonly transactions: RosterTransactionService) {}

  renamePerson(command: RenamePersonCommand, actor: Actor): Promise<ChangeOutcome> {
    return this.transactions.run(actor, (tx) => this.renamePersonIn(tx, command), command);
  }

  /** Corrects a person's name; the old name stays as an alias, so searches by it still find them. */
  async renamePersonIn(tx: RosterTx, command: RenamePersonCommand): Promise<ChangeOutcome> {
    const at = effectiveFrom(tx, command);
    const person = tx.personById(command.personId);
    const name = normalizePersonName(command.name);
    if (name === '' || name.length > 64)
      throw new BadInputException('name', command.name, 'must be 1 to 64 characters');
    if (name === person.name) throw new BadInputException('name', command.name, 'is the current name already');
    const others = tx.personsNamed(name).filter((p) => p.id !== person.id);
    if (others.length)
      throw new BadInputException(
        'name',
        command.name,
        `already names another person (${others.map((p) => `${p.name} ${p.id}`).join(', ')})`,
      );
    const oldName = person.name;
    if (tx.rows.aliases.some((a) => a.personId === person.id && a.alias === name))
      await tx.removeAlias(person.id, name);
    await tx.renamePerson(person, name);
    await tx.addAlias(person.id, oldName);
    const change = await tx.journal({
      kind: 'RENAME_PERSON',
      summary: `更正姓名：${oldName} → ${name}（原名保留为别名）`,
      effectiveFrom: at,
      documentRef: command.documentRef,
      reason: command.reason,
      data: { personId: person.id, previousName: oldName, name },
    });
    return { at, personId: person.id, changeIds: [change.id] };
  }
}
