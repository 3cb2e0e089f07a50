/**
 * One factory picks each device's implementation from the configuration (vxsuite's habit): the
 * simulators are the embedded default; real transports are chosen with `serial:`, `hid:`, `tcp:` or
 * `file:` specs in config/terminal.json or the KIOSK_DEVICE_* variables.
 */
import type { TerminalConfig } from '../../../core/config/terminal';
import type { CameraStatus, DeviceStatuses } from '../../../core/protocol/devices';
import { readdirSync } from 'node:fs';
import type { Logger } from '../log';
import { IdCardReader } from './idcard/reader';
import { SimulatedIdCardReader } from './idcard/simulated-reader';
import { PrinterMonitor } from './printer-monitor';
import { EscPosPrinter, connectSimulator, type ReceiptPrinter } from './printer/escpos-printer';
import { SimulatedEscPosPrinter } from './printer/simulated-printer';
import { QrScanner, SimulatedQrScanner } from './qr/scanner';
import { UnavailableIdCardReader, UnavailablePrinter, UnavailableQrScanner } from './unavailable';

export interface Devices {
  idcard: IdCardReader;
  printer: ReceiptPrinter;
  printerMonitor: PrinterMonitor;
  qr: QrScanner;
  /** The simulators behind simulated devices, for /sim and the dev dock. */
  sim: { idcard?: SimulatedIdCardReader; printer?: SimulatedEscPosPrinter; qr?: SimulatedQrScanner };
  statuses(): DeviceStatuses;
  close(): Promise<void>;
}

/** The bridge only sees whether video device nodes exist; the browser owns the camera stream. */
export function cameraStatus(devDir = '/dev'): CameraStatus {
  try {
    const nodes = readdirSync(devDir).filter((n) => /^video\d+$/.test(n));
    return nodes.length ? { state: 'present', devices: nodes.map((n) => `${devDir}/${n}`) } : { state: 'absent' };
  } catch {
    return { state: 'absent' };
  }
}

export async function createDevices(config: TerminalConfig, logger: Logger): Promise<Devices> {
  const sim: Devices['sim'] = {};

  let idcard: IdCardReader;
  if (config.devices.idcard === 'simulated') idcard = sim.idcard = new SimulatedIdCardReader();
  else {
    logger.error({ device: 'idcard', spec: config.devices.idcard }, 'this build has no driver for the configured ID card transport yet');
    idcard = new UnavailableIdCardReader();
  }

  let printer: ReceiptPrinter;
  if (config.devices.printer === 'simulated') {
    sim.printer = new SimulatedEscPosPrinter();
    printer = new EscPosPrinter(connectSimulator(sim.printer));
  } else {
    logger.error({ device: 'printer', spec: config.devices.printer }, 'this build has no driver for the configured printer transport yet');
    printer = new UnavailablePrinter();
  }

  let qr: QrScanner;
  if (config.devices.qr === 'simulated') qr = sim.qr = new SimulatedQrScanner();
  else {
    logger.error({ device: 'qr', spec: config.devices.qr }, 'this build has no driver for the configured scanner transport yet');
    qr = new UnavailableQrScanner();
  }

  const printerMonitor = new PrinterMonitor(printer);
  await printerMonitor.start();

  idcard.on('status', (status) => logger.info({ device: 'idcard', status }, 'device status changed'));
  qr.on('status', (status) => logger.info({ device: 'qr', status }, 'device status changed'));
  printerMonitor.on('status', (status) => logger.info({ device: 'printer', status }, 'device status changed'));

  return {
    idcard,
    printer,
    printerMonitor,
    qr,
    sim,
    statuses: () => ({ idcard: idcard.status(), printer: printerMonitor.status(), qr: qr.status(), camera: cameraStatus() }),
    async close() {
      printerMonitor.stop();
      await Promise.all([idcard.close(), qr.close()]);
    },
  };
}
