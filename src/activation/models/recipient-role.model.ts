import { Field, ObjectType } from '@nestjs/graphql';
import { CommandRole } from '../../roster/models/command-role.enum';

@ObjectType('RecipientRole', {
  description: 'Where a person appears in one activation: which body (a post code, or HQ) and in which role.',
})
export class RecipientRoleModel {
  @Field({ description: 'HQ or a post code.' })
  body!: string;

  @Field(() => CommandRole)
  role!: CommandRole;

  @Field({ description: 'The name of the body, e.g. 较大及以上煤矿生产安全事故应急指挥部.' })
  bodyName!: string;

  @Field({ description: 'The role as the body names it: 总指挥, 常务副总指挥, 指挥长, 副指挥长, 办公室主任 …' })
  roleName!: string;

  @Field({ description: 'The title the seat is listed under, e.g. 市应急管理局局长.' })
  title!: string;

  @Field({ description: 'True when the holder is acting (代理 / 主持工作).' })
  acting!: boolean;
}
