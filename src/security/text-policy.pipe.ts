import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { checkTextDeep } from '../common/text-policy.helper';

/**
 * The global pipe (APP_PIPE) that holds every resolver argument and route parameter to the one
 * text policy (common/text-policy.helper.ts) before any service or database sees it: no NUL or control
 * characters, no lone surrogates, no bidirectional overrides, no text made only of invisible
 * characters. Refusals are BAD_USER_INPUT naming the argument path and the value.
 */
@Injectable()
export class TextPolicyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom' && !metadata.data) return value; // @Context(), @Info(), @Req() …
    checkTextDeep(metadata.data ?? 'input', value);
    return value;
  }
}
