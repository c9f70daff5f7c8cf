import { Module } from '@nestjs/common';
import { ContactMethodResolver } from './contact-method.resolver';
import { ContactMethodService } from './contact-method.service';

/** How a person is reached: contact methods and their order (core/contact-route.ts). */
@Module({
  providers: [ContactMethodService, ContactMethodResolver],
  exports: [ContactMethodService],
})
export class ContactsModule {}
