import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.types';
import { ApiRole, grants } from '../auth/api-role.enum';
import { DomainException, NotFoundException } from '../common/domain.exception';
import { newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import { ApiKeyEntity } from '../auth/entities/api-key.entity';
import { UserEntity } from '../users/entities/user.entity';
import { DutyOfficeKeyEntity } from './entities/duty-office-key.entity';

/**
 * Who may change an office's duty roster (import, swap, absence): a roster_editor (or admin) key in
 * every office; a duty_officer key (or console user) only in the offices an admin bound it to (bindDutyOfficeKey),
 * since the people on duty in one office keep their own roster, not another's.
 */
@Injectable()
export class DutyAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
  ) {}

  async assertMayChange(principal: Principal | null, office: string): Promise<void> {
    if (principal && grants(principal.roles, ApiRole.roster_editor)) return;
    if (principal && grants(principal.roles, ApiRole.duty_officer)) {
      const bound = await this.dataSource
        .getRepository(DutyOfficeKeyEntity)
        .findOne({ where: { keyId: principal.keyId, office } });
      if (bound) return;
      throw new DomainException(
        'FORBIDDEN',
        `office: this duty_officer key is not bound to office ${office}; a duty officer changes the roster of their own office only (an admin binds a key with bindDutyOfficeKey)`,
        { field: 'office', value: office },
      );
    }
    throw new DomainException(
      'FORBIDDEN',
      'changing the duty roster needs a roster_editor key, or a duty_officer key bound to the office',
      {
        field: 'office',
        value: office,
      },
    );
  }

  /** Whether the principal may change the office's roster (the console shows its editing actions then). */
  async mayChange(principal: Principal | null, office: string): Promise<boolean> {
    if (!principal) return false;
    if (grants(principal.roles, ApiRole.roster_editor)) return true;
    if (!grants(principal.roles, ApiRole.duty_officer)) return false;
    return (await this.officesOf(principal.keyId)).includes(office);
  }

  async officesOf(keyId: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(DutyOfficeKeyEntity).find({ where: { keyId } });
    return rows.map((r) => r.office).sort();
  }

  async bind(keyId: string, office: string): Promise<string[]> {
    await this.transactions.run(async (m) => {
      // An API key, or a console user (whose requests carry the user id as their key id).
      const key =
        (await m.findOne(ApiKeyEntity, { where: { id: keyId } })) ??
        (await m.findOne(UserEntity, { where: { id: keyId } }));
      if (!key) throw new NotFoundException('API key or console user', 'keyId', keyId);
      if (await m.findOne(DutyOfficeKeyEntity, { where: { keyId, office } })) return;
      await m.insert(DutyOfficeKeyEntity, { id: newId(), keyId, office, createdAt: new Date() });
    });
    return this.officesOf(keyId);
  }

  async unbind(keyId: string, office: string): Promise<string[]> {
    await this.transactions.run((m) => m.delete(DutyOfficeKeyEntity, { keyId, office }));
    return this.officesOf(keyId);
  }
}
