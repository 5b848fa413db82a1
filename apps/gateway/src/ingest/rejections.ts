import { type Logger } from '../observability/logger.js';
import { type GatewayMetrics } from '../observability/metrics.js';

/** Gateway-level reasons, beside lock-protocol's decode error codes (which are used as they are). */
export const RejectReason = {
  UnknownDevice: 'unknown_device',
  DeviceDisabled: 'device_disabled',
  WrongDirection: 'wrong_direction',
  ModelMismatch: 'model_mismatch',
  PublicKeyMismatch: 'public_key_mismatch',
  PublicKeyUnregistered: 'public_key_unregistered',
  UnknownCommand: 'unknown_command',
  CommandDeviceMismatch: 'command_device_mismatch',
  StoreFailed: 'store_failed',
  HandlerError: 'handler_error',
} as const;

export interface RejectContext {
  topic: string;
  deviceId?: string | undefined;
  channel?: string | undefined;
  field?: string | undefined;
  detail?: string | undefined;
  bytes?: number | undefined;
}

/**
 * Counts and logs a refused message. Never the payload: it may carry a sealed PIN or garbage sized to
 * fill the logs; the coded reason, the field, the topic and the size say enough.
 */
export class Rejections {
  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  reject(reason: string, context: RejectContext): void {
    this.metrics.rejects.inc({ reason });
    this.logger.warn(
      {
        reason,
        topic: context.topic.slice(0, 300),
        deviceId: context.deviceId,
        channel: context.channel,
        field: context.field,
        detail: context.detail?.slice(0, 200),
        bytes: context.bytes,
      },
      'device message rejected',
    );
  }
}
