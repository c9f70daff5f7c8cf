import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import type { Provider } from '../../config/providers.config';
import { AliyunClient } from './aliyun.client';
import type { CloudProvider } from './provider.types';
import { TencentClient } from './tencent.client';

/**
 * The provider clients of this deployment, built once from config/notifications.yaml (endpoints,
 * account data) and the environment (keys, checked at boot). A provider without either is absent.
 */
@Injectable()
export class CloudProvidersService {
  private readonly clients = new Map<Provider, CloudProvider>();

  constructor(@Inject(AppConfig) config: AppConfig) {
    const section = config.notifications.providers;
    const env = config.env;
    if (section?.aliyun && env.ALIBABA_CLOUD_ACCESS_KEY_ID && env.ALIBABA_CLOUD_ACCESS_KEY_SECRET) {
      this.clients.set(
        'aliyun',
        new AliyunClient(
          section.aliyun,
          { accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID, accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET },
          section.timeoutMs,
        ),
      );
    }
    if (section?.tencent && env.TENCENTCLOUD_SECRET_ID && env.TENCENTCLOUD_SECRET_KEY) {
      this.clients.set(
        'tencent',
        new TencentClient(
          section.tencent,
          { secretId: env.TENCENTCLOUD_SECRET_ID, secretKey: env.TENCENTCLOUD_SECRET_KEY },
          section.timeoutMs,
        ),
      );
    }
  }

  get(name: Provider): CloudProvider | null {
    return this.clients.get(name) ?? null;
  }
}
