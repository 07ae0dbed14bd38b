import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import type { StdioHandover } from "./front.js";

/**
 * The server's stdio transport after a fast start: reads what the front passes on (first the client's
 * `initialize`, replayed so that the server learns the client's capabilities and protocol version) and
 * writes to stdout, leaving out the answer to that replay, which the client already has.
 */
export class HandoverTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private closed = false;

  constructor(private readonly handover: StdioHandover) {}

  async start(): Promise<void> {
    this.handover.attach({
      line: (text) => this.receive(text),
      error: (error, fatal) => {
        this.onerror?.(error);
        if (fatal) void this.close();
      },
    });
  }

  private receive(text: string): void {
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(text));
    } catch (error) {
      this.onerror?.(error as Error);
      return;
    }
    this.onmessage?.(message);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.handover.answeredByFront(message)) {
      if ("error" in message) {
        // The client was told it is initialized, but the server refused its request: say so in the log.
        process.stderr.write(
          `the server refused the client's initialize request: ${message.error.message}\n`,
        );
      }
      return;
    }
    await this.handover.write(`${JSON.stringify(message)}\n`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handover.detach();
    this.onclose?.();
  }
}
