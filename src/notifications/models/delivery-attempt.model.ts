import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DeliveryErrorModel } from './delivery-error.model';

export enum DeliveryAttemptOutcome {
  SENDING = 'SENDING',
  SENT = 'SENT',
  DELIVERED = 'DELIVERED',
  RETRYABLE_ERROR = 'RETRYABLE_ERROR',
  PERMANENT_ERROR = 'PERMANENT_ERROR',
  INTERRUPTED = 'INTERRUPTED',
  HELD_BACK = 'HELD_BACK',
  UNDELIVERED = 'UNDELIVERED',
}

registerEnumType(DeliveryAttemptOutcome, {
  name: 'DeliveryAttemptOutcome',
  description: 'How one try to deliver a notification went.',
  valuesMap: {
    SENDING: { description: 'The channel has not answered yet.' },
    SENT: {
      description:
        'Handed over: the webhook answered 2xx, the SMTP server accepted the mail, the SMS/voice provider accepted it.',
    },
    DELIVERED: {
      description:
        'The channel is the destination (log), or the provider reported it delivered (SMS) or answered (voice).',
    },
    RETRYABLE_ERROR: {
      description: 'Failed in a way worth retrying (5xx, timeout, refused connection); retried with backoff.',
    },
    PERMANENT_ERROR: { description: 'Failed for good on this contact method (4xx, no address); the next one is used.' },
    INTERRUPTED: {
      description:
        'The worker stopped before the channel answered (killed); the send was repeated with the same dedup key.',
    },
    HELD_BACK: {
      description:
        'Not sent: a send budget of the number held it back (identical message within its window, hourly or daily cap); see error.',
    },
    UNDELIVERED: {
      description:
        'The provider accepted it, then reported it not delivered (SMS report) or the call unanswered, busy or failed; see receipt.',
    },
  },
});

export enum NotificationMessageKind {
  INITIAL = 'INITIAL',
  REMINDER = 'REMINDER',
  ESCALATION = 'ESCALATION',
  RESEND = 'RESEND',
  REPORT_ALERT = 'REPORT_ALERT',
  DUTY_ALERT = 'DUTY_ALERT',
}

registerEnumType(NotificationMessageKind, {
  name: 'NotificationMessageKind',
  description: 'What the current message of a notification is.',
  valuesMap: {
    INITIAL: { description: 'The message about the incident.' },
    REMINDER: { description: 'Sent again to a commander who did not acknowledge in time, on the next contact method.' },
    ESCALATION: {
      description: 'To the next level up (headquarters), because the confirmation policy was not met in time.',
    },
    RESEND: { description: 'The message sent again by resendToUnconfirmed, on the next contact method.' },
    REPORT_ALERT: { description: 'A reporting deadline (首报/续报/终报) is due soon or overdue.' },
    DUTY_ALERT: {
      description: 'To the duty office: the last escalation fired and the confirmation policy is still not met.',
    },
  },
});

@ObjectType('DeliveryAttempt', {
  description:
    'One try to deliver a notification: channel, time, outcome, error. Contact values (numbers, addresses) are not shown.',
})
export class DeliveryAttemptModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'log, webhook, email, sms or voice.' })
  channel!: string;

  @Field(() => String, {
    nullable: true,
    description: 'sms and voice: the cloud provider of this try (aliyun, tencent).',
  })
  provider!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'sms and voice: the provider\'s delivery report or call result, e.g. "DELIVERED 用户接收成功", "1 用户未接听".',
  })
  receipt!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the report or call result arrived.' })
  receiptAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The kind of contact method tried (MOBILE, OFFICE_PHONE, EMAIL, WEBHOOK); null: the person has none.',
  })
  contactKind!: string | null;

  @Field(() => ID, { nullable: true, description: 'The contact method tried.' })
  contactMethodId!: string | null;

  @Field(() => Date, { description: 'When the try began.' })
  at!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => DeliveryAttemptOutcome)
  outcome!: DeliveryAttemptOutcome;

  @Field(() => String, {
    nullable: true,
    description:
      'Why it failed: its code and description, e.g. "TIMEOUT 对方未在规定时间内应答 (no answer in time)". Never a contact value, URL or answer of the far side; see failure.',
  })
  error!: string | null;

  @Field(() => DeliveryErrorModel, { nullable: true, description: 'Why it failed, as a code; null when it did not.' })
  failure!: DeliveryErrorModel | null;

  @Field(() => Int, {
    description:
      'Which send of the notification (0: the first message; later: next contact method, reminder, escalation).',
  })
  sendSeq!: number;

  @Field(() => Int, { description: 'Which try of that send (1 first).' })
  jobAttempt!: number;

  @Field({
    description:
      'The key the channel got to recognise a repeat (webhook Idempotency-Key): the same for every try of one send.',
  })
  dedupKey!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The message sent, the token of its acknowledgement link masked.',
  })
  message!: string | null;
}
