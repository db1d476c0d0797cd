/**
 * What is wrong with an app address a person typed (the base URL a key is bound to), as a sentence,
 * or null when it is fine or empty (empty means the app's own address). Pure.
 * @example appAddressProblem('api.example.com') // 'Enter the whole address, starting with https://…'
 */
export function appAddressProblem(value: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
    return 'Enter the whole address, starting with https:// (for example https://api.example.com/v1).';
  }
  if (url.username || url.password) return 'Leave the key out of the address: paste it in the key field, and the address without it here.';
  if (url.search || url.hash) return 'Give the address without “?” or “#” and what follows them.';
  return null;
}
