import { Module } from '@nestjs/common';
import { DirectoryResolver, PersonResolver } from './directory.resolver';
import { DirectoryService } from './directory.service';
import { RosterBootstrapService } from './roster-bootstrap.service';
import { RosterImportService } from './roster-import.service';
import { RosterViewService } from './roster-view.service';

@Module({
  providers: [RosterViewService, RosterImportService, RosterBootstrapService, DirectoryService, DirectoryResolver, PersonResolver],
  exports: [RosterViewService, RosterImportService, DirectoryService],
})
export class DirectoryModule {}
