import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Logger, Param, Post, Res } from '@nestjs/common';
import { Public } from '../../auth/auth.decorators';
import { AppConfig } from '../../config/app.config';
import { parseAliyun, parseTencent, ProviderEvent, ProviderEventError } from './core/provider-events';
import { CallbackOutcome, ProviderCallbacksService } from './provider-callbacks.service';

interface StatusResponse {
  status(code: number): unknown;
}

const KINDS = ['report', 'reply', 'voice'] as const;
type CallbackKind = (typeof KINDS)[number];

/**
 * POST /providers/<aliyun|tencent>/<report|reply|voice>/<PROVIDER_CALLBACK_TOKEN>: the URLs to
 * register in each provider's console for delivery reports (状态报告), replies (上行短信) and call
 * results / key presses. The providers sign none of these pushes, so the URL carries a secret token
 * (compared in constant time; a wrong one is answered 404 like an unknown path). Answers in each
 * provider's documented format: Alibaba Cloud {"code":0,"msg":"接收成功"}, Tencent Cloud
 * {"result":0,"errmsg":"OK"}; a body that cannot be read is answered 400, a failure while applying
 * it 500 so that the provider pushes it again (applying is idempotent).
 */
@Controller('providers')
export class ProviderCallbacksController {
  private readonly logger = new Logger(ProviderCallbacksController.name);
  private readonly token: Buffer | null;

  constructor(
    @Inject(AppConfig) config: AppConfig,
    private readonly callbacks: ProviderCallbacksService,
  ) {
    this.token = config.env.PROVIDER_CALLBACK_TOKEN ? Buffer.from(config.env.PROVIDER_CALLBACK_TOKEN) : null;
  }

  @Public()
  @Post(':provider/:kind/:token')
  @HttpCode(200)
  async receive(
    @Param('provider') provider: string,
    @Param('kind') kind: string,
    @Param('token') token: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: StatusResponse,
  ): Promise<Record<string, unknown>> {
    if (
      !this.tokenMatches(token) ||
      (provider !== 'aliyun' && provider !== 'tencent') ||
      !KINDS.includes(kind as CallbackKind)
    ) {
      res.status(404);
      return { message: 'Not Found' };
    }
    const answer = (ok: boolean, message: string) =>
      provider === 'aliyun' ? { code: ok ? 0 : 1, msg: message } : { result: ok ? 0 : 1, errmsg: message };
    let events: ProviderEvent[];
    try {
      events =
        provider === 'aliyun' ? parseAliyun(kind as CallbackKind, body) : parseTencent(kind as CallbackKind, body);
    } catch (error) {
      if (!(error instanceof ProviderEventError)) throw error;
      res.status(400);
      return answer(false, error.message);
    }
    const outcomes: CallbackOutcome[] = [];
    try {
      for (const event of events) outcomes.push(await this.callbacks.apply(event));
    } catch (error) {
      this.logger.error(`${provider} ${kind} callback failed: ${(error as Error).message}`);
      res.status(500);
      return answer(false, 'failed; push again');
    }
    return { ...answer(true, provider === 'aliyun' ? '接收成功' : 'OK'), outcomes };
  }

  private tokenMatches(token: string): boolean {
    if (!this.token) return false;
    const given = Buffer.from(token);
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }
}
