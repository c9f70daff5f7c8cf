import { Directory1764316800000 } from './1764316800000-directory';
import { RosterMaintenance1764500000000 } from './1764500000000-roster-maintenance';
import { NotificationDelivery1764600000000 } from './1764600000000-notification-delivery';
import { Incidents1764400000000 } from './1764400000000-incidents';
import { Users1765100000000 } from './1765100000000-users';
import { ConfirmationsReporting1765110000000 } from './1765110000000-confirmations-reporting';
import { SmsVoice1765120000000 } from './1765120000000-sms-voice';
import { SupersededRows1765170000000 } from './1765170000000-superseded-rows';
import { DutyRoster1765150000000 } from './1765150000000-duty-roster';
import { DeliveryErrorCodes1766090000000 } from './1766090000000-delivery-error-codes';
import { PhoneConfirmations1766110000000 } from './1766110000000-phone-confirmations';
import { RelayIndexes1766200000000 } from './1766200000000-relay-indexes';

/** Migrations in order; each runs unchanged on SQLite and Postgres. */
export const MIGRATIONS = [
  Directory1764316800000,
  RosterMaintenance1764500000000,
  Incidents1764400000000,
  NotificationDelivery1764600000000,
  Users1765100000000,
  ConfirmationsReporting1765110000000,
  SmsVoice1765120000000,
  DutyRoster1765150000000,
  SupersededRows1765170000000,
  DeliveryErrorCodes1766090000000,
  PhoneConfirmations1766110000000,
  RelayIndexes1766200000000,
];
