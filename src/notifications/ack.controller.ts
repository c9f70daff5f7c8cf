import { Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app.config';
import { clientAddress, HttpRequest } from '../security/graphql-gate.middleware';
import { RateLimitService } from '../security/rate-limit.service';
import { AckPageFacts, ackPages } from './ack-page.view';
import { AckLinkState, AckService } from './delivery/ack.service';

/** The part of the Express response used here. */
interface PageResponse {
  status(code: number): PageResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

/**
 * The one-click acknowledgement link of every message, public (the person has no API key).
 * GET (and HEAD) /ack/:token show the incident and one button and never change anything, so chat
 * link previews and mail scanners acknowledge nothing; only the button's POST acknowledges.
 * Requests are counted per client address; unknown tokens are counted apart and audited as
 * UNKNOWN_TOKEN without the token or any request text, and refused with 429 once too many.
 */
@Public()
@Controller('ack')
export class AckController {
  private readonly logger = new Logger(AckController.name);

  constructor(
    private readonly acks: AckService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: HttpRequest, @Res() res: PageResponse): Promise<void> {
    const link = await this.admit(token, req, res);
    if (!link) return;
    this.render(res, link, false);
  }

  @Post(':token')
  async confirm(@Param('token') token: string, @Req() req: HttpRequest, @Res() res: PageResponse): Promise<void> {
    const seen = await this.admit(token, req, res);
    if (!seen) return;
    const { link, result } = await this.acks.acknowledgeByToken(token);
    if (result?.changed) {
      await this.record('ok', { notificationId: result.notification.id, incidentId: result.incident.id });
      this.render(res, { state: 'ACKNOWLEDGED', notification: result.notification, incident: result.incident }, true);
      return;
    }
    this.render(res, link.state === 'UNKNOWN' ? seen : link, false);
  }

  /** Rate limits and the token lookup; answers the refusal itself and returns null when refused or unknown. */
  private async admit(
    token: string,
    req: HttpRequest,
    res: PageResponse,
  ): Promise<Exclude<AckLinkState, { state: 'UNKNOWN' }> | null> {
    const address = clientAddress(req);
    const budget = await this.limits.consume('ack', address);
    if (!budget.allowed) return (this.tooMany(res, budget.retryAfterSeconds), null);
    const link = await this.acks.inspectToken(token);
    if (link.state !== 'UNKNOWN') return link;
    const unknown = await this.limits.consume('ackUnknown', address);
    if (!unknown.allowed) return (this.tooMany(res, unknown.retryAfterSeconds), null);
    await this.record('UNKNOWN_TOKEN', { method: req.method });
    this.send(res, 404, ackPages.unknown());
    return null;
  }

  private render(res: PageResponse, link: Exclude<AckLinkState, { state: 'UNKNOWN' }>, justNow: boolean): void {
    const { notification: n, incident } = link;
    const facts: AckPageFacts = {
      personName: n.personName,
      incidentTitle: incident.title,
      incidentTypeName:
        this.config.incidentTypes.types.find((t) => t.code === incident.incidentType)?.name ?? incident.incidentType,
      severity: incident.severity,
      reportedAt: incident.reportedAt,
      location: incident.location,
      acknowledgedAt: n.acknowledgedAt,
      closedAt: incident.closedAt,
    };
    if (link.state === 'EXPIRED') return this.send(res, 410, ackPages.expired());
    if (link.state === 'CLOSED') return this.send(res, 200, ackPages.closed(facts));
    if (link.state === 'ACKNOWLEDGED') return this.send(res, 200, ackPages.acknowledged(facts, justNow));
    // The form posts to this same URL (a relative action keeps PUBLIC_BASE_URL's path prefix).
    this.send(res, 200, ackPages.confirm(facts, ''));
  }

  private tooMany(res: PageResponse, seconds: number): void {
    res.setHeader('Retry-After', String(seconds));
    this.send(res, 429, ackPages.tooMany(seconds));
  }

  private send(res: PageResponse, status: number, html: string): void {
    for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
    res.status(status).send(html);
  }

  /** An audit record of the link: never the token, never request text. */
  private async record(result: string, args: Record<string, string>): Promise<void> {
    try {
      await this.audit.append({ principal: null, operation: 'acknowledgeByLink', args, result });
    } catch (error) {
      this.logger.error(
        `could not append the audit record of acknowledgeByLink (${result}): ${(error as Error).message}`,
      );
    }
  }
}
