import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger per cold start. Log level comes from POWERTOOLS_LOG_LEVEL (default INFO). */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
