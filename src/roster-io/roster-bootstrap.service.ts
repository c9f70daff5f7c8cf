import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { CommandBodyEntity } from '../roster/entities/command-body.entity';
import { readRosterFile } from './roster-file.schema';
import { RosterImportService } from './roster-import.service';
import { RosterViewService } from '../roster/roster-view.service';

/**
 * On first start against an empty database, loads the roster named by ROSTER_FILE so the service
 * is useful at once; then checks that the activation rules cover every post of the roster.
 */
@Injectable()
export class RosterBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RosterBootstrapService.name);

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly importer: RosterImportService,
    private readonly views: RosterViewService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const bodies = await this.dataSource.getRepository(CommandBodyEntity).count();
    if (bodies === 0 && this.config.env.ROSTER_AUTOLOAD === 'on') {
      this.logger.log(`Empty database: loading ${this.config.rosterPath}`);
      await this.importer.importRoster(readRosterFile(this.config.rosterPath));
    }
    const view = await this.views.current();
    const missing = view.posts().filter((post) => !this.config.activationRules.posts[post.code]);
    if (missing.length > 0) {
      throw new Error(
        `config/activation-rules.yaml has no threshold for command post(s) ${missing.map((p) => p.code).join(', ')}; add them under posts:`,
      );
    }
  }
}
