/** Raw TCP transport: network receipt printers on port 9100 (JetDirect-style raw printing). */
import { Socket } from 'node:net';
import { TransportBase, type ByteTransport, type OpenTransport } from '../transport';

class TcpTransport extends TransportBase implements ByteTransport {
  constructor(private readonly socket: Socket) {
    super();
    socket.on('data', (chunk) => this.deliver(new Uint8Array(chunk)));
    socket.on('close', () => this.markClosed(new Error('connection closed')));
    socket.on('error', (error) => this.markClosed(error));
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => this.socket.write(bytes, (e) => (e ? reject(e) : resolve())));
  }

  async close(): Promise<void> {
    this.markClosed();
    this.socket.destroy();
  }
}

export function tcpOpener(host: string, port: number, connectTimeoutMs = 3000): OpenTransport {
  return () =>
    new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 5000);
      const timer = setTimeout(() => (socket.destroy(), reject(new Error(`connect to ${host}:${port} timed out`))), connectTimeoutMs);
      socket.once('error', (e) => (clearTimeout(timer), reject(e)));
      socket.connect(port, host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new TcpTransport(socket));
      });
    });
}
