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
import { SamIdCardReader } from './idcard/sam-reader';
import { SimulatedSamReader } from './idcard/simulated-sam';
import { PrinterMonitor } from './printer-monitor';
import { EscPosPrinter, connectSimulator, type ReceiptPrinter } from './printer/escpos-printer';
import { SimulatedEscPosPrinter } from './printer/simulated-printer';
import { CdcLineDecoder, HidPosDecoder } from './qr/decoders';
import { QrScanner } from './qr/scanner';
import { SimulatedQrScanner } from './qr/simulated-scanner';
import { TransportQrScanner } from './qr/transport-scanner';
import { HotplugWatcher, loadUsbEvents, pathsOfSpecs } from './hotplug';
import { ReconnectingPort } from './reconnecting-port';
import { openerForSpec } from './transports';
import { UnavailableIdCardReader, UnavailablePrinter, UnavailableQrScanner } from './unavailable';

export interface Devices {
  idcard: IdCardReader;
  printer: ReceiptPrinter;
  printerMonitor: PrinterMonitor;
  qr: QrScanner;
  /** The simulators behind simulated devices, for /sim and the dev dock. */
  sim: { idcard?: SimulatedSamReader; printer?: SimulatedEscPosPrinter; qr?: SimulatedQrScanner };
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
  // Simulated or real, the ID card reader is the same driver (SamIdCardReader) on a byte stream.
  const idcardOpen = openerForSpec(config.devices.idcard, 115_200);
  if (config.devices.idcard === 'simulated') {
    sim.idcard = new SimulatedSamReader();
    idcard = sim.idcard.reader;
  } else if (idcardOpen && !config.devices.idcard.startsWith('tcp:')) idcard = new SamIdCardReader({ open: idcardOpen });
  else {
    logger.error({ device: 'idcard', spec: config.devices.idcard }, 'no ID card reader driver for this transport (use serial: or hid:)');
    idcard = new UnavailableIdCardReader();
  }

  let printer: ReceiptPrinter;
  if (config.devices.printer === 'simulated') {
    sim.printer = new SimulatedEscPosPrinter();
    printer = new EscPosPrinter(connectSimulator(sim.printer));
  } else {
    const open = openerForSpec(config.devices.printer, 9600);
    if (open && !config.devices.printer.startsWith('hid:')) printer = new EscPosPrinter(new ReconnectingPort(open));
    else {
      logger.error({ device: 'printer', spec: config.devices.printer }, 'no printer driver for this transport (use serial:, file:/dev/usb/lp0 or tcp:HOST:9100)');
      printer = new UnavailablePrinter();
    }
  }

  let qr: QrScanner;
  const qrOpen = openerForSpec(config.devices.qr, 9600);
  if (config.devices.qr === 'simulated') {
    sim.qr = new SimulatedQrScanner();
    qr = sim.qr.scanner;
  } else if (qrOpen && (config.devices.qr.startsWith('serial:') || config.devices.qr.startsWith('hid:'))) {
    // serial: is a scanner in USB-serial (CDC) mode; hid: one in HID-POS mode.
    const hid = config.devices.qr.startsWith('hid:');
    qr = new TransportQrScanner(qrOpen, () => (hid ? new HidPosDecoder() : new CdcLineDecoder()));
  } else {
    logger.error({ device: 'qr', spec: config.devices.qr }, 'no scanner driver for this transport (use serial: for CDC mode or hid: for HID-POS mode)');
    qr = new UnavailableQrScanner();
  }

  const printerMonitor = new PrinterMonitor(printer);
  await printerMonitor.start();

  // Hotplug only matters for real devices; the drivers reconnect by themselves, this makes it immediate.
  const realSpecs = Object.values(config.devices).filter((spec) => spec !== 'simulated');
  let hotplug: HotplugWatcher | null = null;
  if (realSpecs.length) {
    hotplug = new HotplugWatcher({ paths: pathsOfSpecs(realSpecs), usb: (await loadUsbEvents()) ?? undefined });
    hotplug.on('change', (event) => {
      logger.info({ hotplug: event }, 'device attached or detached');
      if (event.type === 'attach') {
        (idcard as Partial<SamIdCardReader>).nudge?.();
        (qr as Partial<TransportQrScanner>).nudge?.();
      }
      void printerMonitor.poll();
    });
  }

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
      hotplug?.close();
      printerMonitor.stop();
      await Promise.all([idcard.close(), qr.close()]);
    },
  };
}
