import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createLogger } from '../log';
import { LogRing } from './log-ring';

describe('LogRing', () => {
  it('keeps the latest censored lines and the errors among them', async () => {
    const ring = new LogRing(3);
    const logger = createLogger({ destination: pino.multistream([{ stream: ring }]) });
    logger.info({ idNumber: '110101199003071234' }, 'card read 110101199003071234');
    logger.error('printer offline');
    logger.info('a');
    logger.info('b');
    await new Promise((r) => setTimeout(r, 10));
    expect(ring.recent().map((l) => l.msg)).toEqual(['printer offline', 'a', 'b']);
    expect(ring.recent(10, 50).map((l) => l.msg)).toEqual(['printer offline']);
    const big = new LogRing();
    const logger2 = createLogger({ destination: pino.multistream([{ stream: big }]) });
    logger2.info({ idNumber: '110101199003071234' }, 'card read 110101199003071234');
    await new Promise((r) => setTimeout(r, 10));
    expect(big.ndjson()).not.toContain('110101199003071234');
    expect(big.ndjson()).toContain('110101********1234');
  });
});
