import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  DELIVERY_ERROR_CODES,
  DELIVERY_ERRORS,
  type DeliveryErrorCode,
  describeDeliveryError,
  isDeliveryErrorCode,
  legacyErrorCode,
} from '../core/delivery-error';

/** The codes as a GraphQL enum (DeliveryErrorCode), each described in Chinese and English. */
export const DeliveryErrorCodeEnum = Object.fromEntries(DELIVERY_ERROR_CODES.map((c) => [c, c])) as {
  [K in DeliveryErrorCode]: K;
};

registerEnumType(DeliveryErrorCodeEnum, {
  name: 'DeliveryErrorCode',
  description: 'Why a delivery failed (README: "Delivery error codes"). The detail is for admins only.',
  valuesMap: Object.fromEntries(
    DELIVERY_ERROR_CODES.map((c) => [c, { description: `${DELIVERY_ERRORS[c][0]} (${DELIVERY_ERRORS[c][1]})` }]),
  ),
});

@ObjectType('DeliveryError', {
  description:
    'Why a delivery failed: a stable code and its Chinese and English description. No contact value, URL, host or answer of the far side appears here; detail (admins only) is scrubbed of them too.',
})
export class DeliveryErrorModel {
  @Field(() => DeliveryErrorCodeEnum)
  code!: DeliveryErrorCode;

  @Field({ description: 'The code in Chinese, for people.' })
  messageZh!: string;

  @Field({ description: 'The code in English.' })
  message!: string;

  // `detail: String` is a field resolver for admins only (DeliveryErrorResolver).
  /** The scrubbed detail behind the code. */
  detailText!: string | null;
}

/** A stored failure as readers see it (null when there is none); rows from before codes are classified by their text. */
export function toDeliveryError(code: string | null | undefined, detail: string | null): DeliveryErrorModel | null {
  const known: DeliveryErrorCode | null = isDeliveryErrorCode(code) ? code : detail ? legacyErrorCode(detail) : null;
  if (!known) return null;
  const [messageZh, message] = DELIVERY_ERRORS[known];
  return { code: known, messageZh, message, detailText: detail };
}

/** The one-line reader text of a failure: "HTTP_404 对方地址不存在 (the receiving address does not exist)". */
export function deliveryErrorLine(error: DeliveryErrorModel | null): string | null {
  return error ? describeDeliveryError(error.code) : null;
}
