/** The slice of a pino logger the queues use (structured data first, constant message). */
export interface QueueLog {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

export const silentLog: QueueLog = { info: () => {}, warn: () => {}, error: () => {} };

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
