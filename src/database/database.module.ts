import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { openDataSource } from './data-source.config';
import { TransactionService } from './transaction.service';

/** Opens the database (running pending migrations) and provides the DataSource and unit of work. */
@Global()
@Module({
  providers: [
    { provide: DataSource, useFactory: (config: AppConfig) => openDataSource(config.env), inject: [AppConfig] },
    TransactionService,
  ],
  exports: [DataSource, TransactionService],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
