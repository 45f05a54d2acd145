/** The mock's injected error answers: which faults are error statuses, their words and headers. */
import type { MockFault } from './mock-options.ts';

/** The status of each fault that is an error answer. */
export const errorStatuses: Partial<Record<MockFault, number>> = {
  '500': 500,
  '503': 503,
  '429': 429,
  '400': 400,
  '401': 401,
  '403': 403,
  '404': 404,
};

/** The message of an injected error, worded as the real APIs word it. */
export function errorMessage(status: number, model: string): string {
  switch (status) {
    case 400:
      return "mock upstream: This model's maximum context length is 8192 tokens; your messages resulted in 9000 tokens (context length exceeded)";
    case 401:
      return 'mock upstream: Incorrect API key provided';
    case 403:
      return 'mock upstream: this API key has no permission for the requested resource';
    case 404:
      return `mock upstream: The model \`${model}\` does not exist or you do not have access to it.`;
    case 429:
      return 'mock upstream: injected rate limit';
    case 503:
      return 'mock upstream: the server is temporarily unavailable';
    default:
      return 'mock upstream: injected internal error';
  }
}

/** The headers of a 429, as OpenAI sends them. */
export function rateLimitHeaders(retryAfter: string): Record<string, string> {
  return {
    'retry-after': retryAfter,
    'x-ratelimit-limit-requests': '60',
    'x-ratelimit-remaining-requests': '0',
    'x-ratelimit-reset-requests': /^\d+$/.test(retryAfter) ? `${retryAfter}s` : '1s',
  };
}
