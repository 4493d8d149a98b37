/**
 * The Analyze screen's two calls to the core, built from the generated API
 * client once (by the app), so the screen's components never call the API
 * themselves.
 */
import type { ApiClient } from '../../api/client';
import type { AnalyzeServices } from './use-analysis';

export function createAnalyzeServices(api: Pick<ApiClient, 'analyzeMessage' | 'getRawMessage'>): AnalyzeServices {
  return {
    analyze: (request) => api.analyzeMessage(request),
    // Headers are ASCII or UTF-8; anything else shows as U+FFFD and the analysis says what it could not read.
    getRawText: async (id) => new TextDecoder('utf-8').decode((await api.getRawMessage({ id })).bytes),
  };
}
