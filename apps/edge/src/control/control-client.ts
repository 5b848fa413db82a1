import { connect, type Socket } from 'node:net';
import { ZControlReplySchema, type TControlReply, type TControlRequest } from './control-protocol.js';

/** Client side of the control channel (the `keypad` tool). */
export class ControlClient {
  #buffer = '';

  private constructor(private readonly socket: Socket) {}

  static async connect(path: string): Promise<ControlClient> {
    const socket = connect(path);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.setEncoding('utf8');
    return new ControlClient(socket);
  }

  onReply(handler: (reply: TControlReply) => void): void {
    this.socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      for (let newline = this.#buffer.indexOf('\n'); newline !== -1; newline = this.#buffer.indexOf('\n')) {
        const line = this.#buffer.slice(0, newline);
        this.#buffer = this.#buffer.slice(newline + 1);
        try {
          const parsed = ZControlReplySchema.safeParse(JSON.parse(line));
          if (parsed.success) handler(parsed.data);
        } catch {
          // A garbled line from the server is skipped; the next one is still framed by newlines.
        }
      }
    });
  }

  onClose(handler: () => void): void {
    this.socket.on('close', handler);
  }

  send(request: TControlRequest): void {
    this.socket.write(`${JSON.stringify(request)}\n`);
  }

  close(): void {
    this.socket.end();
  }
}
