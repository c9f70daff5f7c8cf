import DataLoader from 'dataloader';
import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actorOf, Principal } from '../auth/principal.types';
import { ApiRole } from '../auth/api-role.enum';
import { loader, RequestContext } from '../common/request-context.helper';
import { PersonModel } from '../roster/models/person.model';
import { toContactMethodModel } from './contact-method.mapper';
import { ContactMethodService } from './contact-method.service';
import { ContactMethodEntity } from './entities/contact-method.entity';
import { AddContactMethodInput, UpdateContactMethodInput } from './inputs/contact-method.input';
import { ContactMethodModel } from './models/contact-method.model';

/** Contact methods: kept by roster editors, read (Person.contactMethods) by editors and duty officers. */
@Resolver(() => PersonModel)
export class ContactMethodResolver {
  constructor(private readonly contacts: ContactMethodService) {}

  @Mutation(() => ContactMethodModel)
  @Roles(ApiRole.roster_editor)
  async addContactMethod(
    @Args('input') input: AddContactMethodInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<ContactMethodModel> {
    return toContactMethodModel(await this.contacts.add(input.personId, input, actorOf(principal)));
  }

  @Mutation(() => ContactMethodModel)
  @Roles(ApiRole.roster_editor)
  async updateContactMethod(
    @Args('input') input: UpdateContactMethodInput,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<ContactMethodModel> {
    const { id, ...values } = input;
    return toContactMethodModel(await this.contacts.update(id, values, actorOf(principal)));
  }

  @Mutation(() => ContactMethodModel, { description: 'Deletes a contact method; answers it as it was.' })
  @Roles(ApiRole.roster_editor)
  async removeContactMethod(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<ContactMethodModel> {
    return toContactMethodModel(await this.contacts.remove(id, actorOf(principal)));
  }

  @ResolveField(() => [ContactMethodModel], {
    nullable: true,
    description:
      'How to reach the person, by priority. Personal data: only for roster_editor, duty_officer and admin keys; a reader gets FORBIDDEN.',
  })
  @Roles(ApiRole.roster_editor, ApiRole.duty_officer)
  async contactMethods(
    @Parent() person: PersonModel,
    @Context() ctx: RequestContext,
    @Args('activeOnly', { type: () => Boolean, defaultValue: false }) activeOnly: boolean,
  ): Promise<ContactMethodModel[]> {
    const byPerson = loader(
      ctx,
      'Person.contactMethods',
      () =>
        new DataLoader<string, ContactMethodEntity[]>(async (ids) => {
          const found = await this.contacts.byPersons(ids);
          return ids.map((id) => found.get(id) ?? []);
        }),
    );
    const methods = await byPerson.load(person.id);
    return (activeOnly ? methods.filter((m) => m.active) : methods).map(toContactMethodModel);
  }
}
