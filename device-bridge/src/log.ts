/**
 * The one logger (pino). Personal data never reaches it: callers log masked values only, and as a
 * second line of defence anything that looks like an 18-digit ID number is masked and keys that
 * hold personal data are censored.
 */
import pino from 'pino';

const ID_NUMBER = /\b(\d{6})\d{8}(\d{3}[\dXx])\b/g;

export const redactedKeys = ['identity', 'name', 'idNumber', 'address', 'values', 'frame', 'photo', 'phone'];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}) {
  return pino(
    {
      level: options.level ?? process.env.KIOSK_LOG_LEVEL ?? 'info',
      base: { service: 'device-bridge' },
      redact: { paths: redactedKeys.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? a.replace(ID_NUMBER, '$1********$2') : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    options.destination,
  );
}

export type Logger = pino.Logger;
