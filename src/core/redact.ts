/**
 * Removes secrets from text bound for logs and error messages. Deliberately broad: a false positive
 * costs a masked word in a log line, a false negative leaks a credential.
 */
const KEY_VALUE = /((?:authorization|x-redmine-api-key|api[_-]?key|apikey|token|password|passwd|secret|client_secret|refresh_token|access_token)["']?\s*[:=]\s*["']?)(?:(?:basic|bearer|token)\s+)?[^\s"'&,;}]+/gi;
const AUTH_SCHEME = /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const URL_CREDENTIALS = /(\/\/)[^/\s:@]+:[^/\s@]+@/g;
const QUERY_SECRET = /([?&](?:key|token|api_key|access_token)=)[^&\s]+/gi;

export function redact(text: string): string {
  return text
    .replace(KEY_VALUE, '$1***')
    .replace(AUTH_SCHEME, '$1 ***')
    .replace(URL_CREDENTIALS, '$1***:***@')
    .replace(QUERY_SECRET, '$1***');
}
