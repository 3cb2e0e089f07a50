/**
 * Prometheus metrics (prom-client) at GET /metrics. Counts and states only: no label ever carries a
 * person's data (bundle codes, device names, fault types, rating levels are all from fixed sets).
 * Each bridge has its own registry, so several bridges in one process (tests, benches) do not mix.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeviceStatuses } from '../../../core/protocol/devices';

export class BridgeMetrics {
  readonly registry = new Registry();
  readonly sessions = new Counter({ name: 'kiosk_sessions_total', help: 'Citizen sessions started', registers: [this.registry] });
  readonly sessionEnds = new Counter({ name: 'kiosk_session_ends_total', help: 'Citizen sessions ended, by reason', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly timeouts = new Counter({ name: 'kiosk_session_timeouts_total', help: 'Sessions ended because the citizen walked away (idle timeout)', registers: [this.registry] });
  readonly completions = new Counter({ name: 'kiosk_completions_total', help: 'Applications submitted, per bundle (一件事)', labelNames: ['bundle'] as const, registers: [this.registry] });
  readonly deviceFaults = new Counter({ name: 'kiosk_device_faults_total', help: 'Device status changes into a fault', labelNames: ['device', 'fault'] as const, registers: [this.registry] });
  readonly printJobs = new Counter({ name: 'kiosk_print_jobs_total', help: 'Print jobs, by kind and result', labelNames: ['kind', 'result'] as const, registers: [this.registry] });
  readonly ratings = new Counter({ name: 'kiosk_ratings_total', help: 'Ratings (好差评), by level 1–5', labelNames: ['level'] as const, registers: [this.registry] });
  readonly configApplies = new Counter({ name: 'kiosk_config_applies_total', help: 'Configuration changes, by source and result', labelNames: ['source', 'result'] as const, registers: [this.registry] });

  constructor(sources: { backlog: () => number | null; devices: () => DeviceStatuses; uptimeS: () => number }) {
    new Gauge({
      name: 'kiosk_outbox_backlog',
      help: 'Submissions not yet delivered to the platform (-1 when the terminal has no outbox)',
      registers: [this.registry],
      collect() {
        this.set(sources.backlog() ?? -1);
      },
    });
    new Gauge({
      name: 'kiosk_device_up',
      help: '1 when the device can be used now, per device',
      labelNames: ['device'] as const,
      registers: [this.registry],
      collect() {
        const d = sources.devices();
        this.set({ device: 'idcard' }, d.idcard.state === 'error' ? 0 : 1);
        this.set({ device: 'printer' }, d.printer.state === 'idle' ? 1 : 0);
        this.set({ device: 'qr' }, d.qr.state === 'error' ? 0 : 1);
        this.set({ device: 'camera' }, d.camera.state === 'absent' ? 0 : 1);
      },
    });
    new Gauge({
      name: 'kiosk_uptime_seconds',
      help: 'Seconds since the bridge started',
      registers: [this.registry],
      collect() {
        this.set(sources.uptimeS());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
