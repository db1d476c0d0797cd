/** The logger calls the workers make (pino's signature: object first, then message). */
export interface WorkerLog {
  info(obj: object, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object, msg?: string): void;
}
