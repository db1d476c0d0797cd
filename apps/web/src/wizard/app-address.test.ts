import { describe, expect, it } from 'vitest';
import { appAddressProblem } from './app-address';

describe('appAddressProblem', () => {
  it('accepts an empty address (the app’s own) and whole http(s) addresses', () => {
    expect(appAddressProblem('  ')).toBeNull();
    expect(appAddressProblem('https://api.pipedrive.com/api/v2')).toBeNull();
    expect(appAddressProblem(' http://127.0.0.1:8080/rest/v1/ ')).toBeNull();
  });

  it('says what to fix for addresses the key cannot be bound to', () => {
    expect(appAddressProblem('api.example.com')).toMatch(/^Enter the whole address, starting with https:\/\//);
    expect(appAddressProblem('ftp://files.example.com')).toMatch(/^Enter the whole address/);
    expect(appAddressProblem('https://user:key@api.example.com')).toMatch(/^Leave the key out of the address/);
    expect(appAddressProblem('https://api.example.com/v1?api_token=x')).toMatch(/without “\?” or “#”/);
  });
});
