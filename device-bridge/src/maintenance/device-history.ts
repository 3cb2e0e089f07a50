/**
 * Each device's status changes with their times, newest last, bounded: what maintenance staff read
 * to see when the paper ran out or the reader dropped off the bus.
 */
import type { Devices } from '../devices/devices';
import type { DeviceStatuses } from '../../../core/protocol/devices';
import type { BridgeMetrics } from './metrics';

export type DeviceName = 'idcard' | 'printer' | 'qr' | 'camera';
export interface DeviceEvent {
  at: string;
  device: DeviceName;
  status: DeviceStatuses[DeviceName];
  fault: string | null;
}

export function faultOf(device: DeviceName, status: DeviceStatuses[DeviceName]): string | null {
  if (device === 'printer') {
    const s = status as DeviceStatuses['printer'];
    if (s.state === 'idle') return s.paper === 'near-end' ? 'paper-near-end' : null;
    return s.state === 'error' ? s.type : s.state;
  }
  if (device === 'camera') return (status as DeviceStatuses['camera']).state === 'absent' ? 'absent' : null;
  const s = status as DeviceStatuses['idcard'] | DeviceStatuses['qr'];
  return s.state === 'error' ? s.type : null;
}

export class DeviceHistory {
  private readonly events: DeviceEvent[] = [];
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    devices: Devices,
    private readonly metrics?: BridgeMetrics,
    private readonly now: () => Date = () => new Date(),
    private readonly capacity = 300,
  ) {
    const initial = devices.statuses();
    for (const device of ['idcard', 'printer', 'qr', 'camera'] as const) this.add(device, initial[device], false);
    this.unsubscribe.push(
      devices.idcard.on('status', (s) => this.add('idcard', s)),
      devices.printerMonitor.on('status', (s) => this.add('printer', s)),
      devices.qr.on('status', (s) => this.add('qr', s)),
    );
  }

  private add(device: DeviceName, status: DeviceStatuses[DeviceName], count = true): void {
    const fault = faultOf(device, status);
    const last = [...this.events].reverse().find((e) => e.device === device);
    if (last && JSON.stringify(last.status) === JSON.stringify(status)) return;
    this.events.push({ at: this.now().toISOString(), device, status, fault });
    if (this.events.length > this.capacity) this.events.shift();
    if (count && fault && fault !== last?.fault) this.metrics?.deviceFaults.inc({ device, fault });
  }

  list(): DeviceEvent[] {
    return [...this.events].reverse();
  }

  close(): void {
    this.unsubscribe.forEach((u) => u());
  }
}
