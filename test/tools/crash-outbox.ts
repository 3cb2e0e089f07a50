/**
 * `npm run crash:outbox [-- N]`: the full crash loop (default 1,000 submissions) — SIGKILL at random
 * moments, restarts, a platform outage — then the exactly-once / in-order checks. Exits 1 on any problem.
 */
import { runCrashLoop } from '../support/crash-loop';

const n = Number(process.argv[2] ?? 1000);
// SIGINT/SIGTERM: exit so the loop's exit hook kills the bridge it started.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
const report = await runCrashLoop({ submissions: n, killEveryMs: [0, 10], outageMs: 3000, faults: { error500: 0.1, loseAck: 0.05 }, log: (l) => process.stdout.write(`${l}\n`) });
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exit(report.problems.length || report.contractViolations.length ? 1 : 0);
