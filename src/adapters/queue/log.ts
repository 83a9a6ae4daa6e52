/** The slice of a pino logger the queues use (structured data first, constant message). */
export interface QueueLog {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

/**
 * Fields the queue adds to its own lines about a job ("job failed, will retry", "job
 * dead-lettered"), taken from the job's data: the delivery, installation and repository it is about.
 */
export type JobLogFields = (job: { name: string; data: unknown }) => object;

export const noJobLogFields: JobLogFields = () => ({});

export const silentLog: QueueLog = { info: () => {}, warn: () => {}, error: () => {} };

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
