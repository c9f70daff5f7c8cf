import { Module } from '@nestjs/common';
import { DirectoryResolver, PersonResolver } from './directory.resolver';
import { DirectoryService } from './directory.service';
import { ReadCachePlugin } from './read-cache.plugin';
import { RosterHistoryResolver } from './roster-history.resolver';
import { RosterHistoryService } from './roster-history.service';
import { RosterViewService } from './roster-view.service';

/**
 * The roster's model and read side: entities, the in-memory view, directory and history queries.
 * roster-maintenance, roster-io and contacts build on it; it imports none of them.
 */
@Module({
  providers: [
    RosterViewService,
    DirectoryService,
    RosterHistoryService,
    DirectoryResolver,
    PersonResolver,
    RosterHistoryResolver,
    ReadCachePlugin,
  ],
  exports: [RosterViewService, DirectoryService, RosterHistoryService],
})
export class RosterModule {}
