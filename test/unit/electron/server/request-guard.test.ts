import { describe, expect, it } from 'vitest';
import { allowedHosts, bearerToken, formatHost, isAllowedHost, isAllowedOrigin, tokenMatches } from '../../../../electron/server/request-guard';
import { resolveStaticPath } from '../../../../electron/server/static-files';
import { contentDisposition, findRoute } from '../../../../electron/server/api-router';
import { describeError } from '../../../../electron/server/error-response';
import path from 'node:path';

describe('Host allow-list', () => {
  it('allows loopback names with the port, nothing else, when bound to loopback', () => {
    const allowed = allowedHosts('127.0.0.1', 8080);
    expect([...allowed].sort()).toEqual(['127.0.0.1:8080', '[::1]:8080', 'localhost:8080']);
    expect(isAllowedHost('localhost:8080', allowed)).toBe(true);
    expect(isAllowedHost('LocalHost:8080', allowed)).toBe(true);
    expect(isAllowedHost('localhost', allowed)).toBe(false);
    expect(isAllowedHost('localhost:80', allowed)).toBe(false);
    expect(isAllowedHost('evil.example:8080', allowed)).toBe(false);
    expect(isAllowedHost(undefined, allowed)).toBe(false);
    expect(isAllowedHost('', allowed)).toBe(false);
  });

  it('adds an explicitly bound address, bracketing IPv6', () => {
    expect(allowedHosts('192.168.1.20', 80).has('192.168.1.20:80')).toBe(true);
    expect(allowedHosts('fe80::1', 80).has('[fe80::1]:80')).toBe(true);
    expect(formatHost('::1')).toBe('[::1]');
    expect(formatHost('127.0.0.1')).toBe('127.0.0.1');
  });

  it('adds the local interface addresses when bound to a wildcard', () => {
    const allowed = allowedHosts('0.0.0.0', 80);
    expect(allowed.has('127.0.0.1:80')).toBe(true);
    expect([...allowed].some((h) => h.startsWith('0.0.0.0'))).toBe(false);
  });
});

describe('Origin check', () => {
  it('accepts no Origin and our own; refuses others', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:1')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:1', '127.0.0.1:1')).toBe(true);
    expect(isAllowedOrigin('http://localhost:1', '127.0.0.1:1')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:1')).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:1', '127.0.0.1:1')).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:1', undefined)).toBe(false);
  });
});

describe('token', () => {
  it('compares exactly, whatever the lengths', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('abcd', 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });

  it('reads Bearer tokens only', () => {
    expect(bearerToken('Bearer xyz')).toBe('xyz');
    expect(bearerToken('bearer  xyz ')).toBe('xyz');
    expect(bearerToken('Basic xyz')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('static path resolution', () => {
  const root = path.resolve('/srv/renderer');
  it('maps paths inside the folder', () => {
    expect(resolveStaticPath(root, '/')).toBe(root);
    expect(resolveStaticPath(root, '/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
    expect(resolveStaticPath(root, '/a%20b.css')).toBe(path.join(root, 'a b.css'));
    expect(resolveStaticPath(root, '//assets//a.js')).toBe(path.join(root, 'assets', 'a.js'));
  });
  it('refuses traversal, encoded separators, NUL, drive letters and bad escapes', () => {
    for (const p of ['/../x', '/a/../../x', '/%2e%2e/x', '/..%2fx', '/a%5c..%5cx', '/%00', '/C:/x', '/%E0%A4%A']) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });
});

describe('route matching', () => {
  it('finds routes by method and numeric params', () => {
    expect(findRoute('GET', '/api/messages/12')).toMatchObject({ kind: 'found', entry: { name: 'getMessage' }, params: { id: 12 } });
    expect(findRoute('GET', '/api/messages/12/attachments/0')).toMatchObject({ kind: 'found', entry: { name: 'getAttachment' }, params: { id: 12, index: 0 } });
    expect(findRoute('POST', '/api/messages/read')).toMatchObject({ kind: 'found', entry: { name: 'markRead' } });
    expect(findRoute('GET', '/api/messages/read')).toEqual({ kind: 'wrong-method', allowed: ['POST'] });
    expect(findRoute('GET', '/api/messages/-1')).toEqual({ kind: 'not-found' });
    expect(findRoute('GET', '/api/status/')).toEqual({ kind: 'not-found' });
  });
});

describe('error mapping and headers', () => {
  it('uses known codes, hides the rest', () => {
    expect(describeError(Object.assign(new Error('gone'), { code: 'not_found' }))).toMatchObject({ status: 404, expected: true });
    expect(describeError(Object.assign(new Error('/etc/x'), { code: 'EACCES' }))).toMatchObject({ status: 500, expected: false });
    expect(describeError('a string')).toMatchObject({ status: 500, expected: false });
    expect(describeError(null)).toMatchObject({ status: 500 });
  });
  it('writes a Content-Disposition that cannot break the header', () => {
    const value = contentDisposition('a"b\r\nSet-Cookie: x;ü.eml');
    expect(value).not.toMatch(/[\r\n]/);
    expect(value).toBe(`attachment; filename="a_b__Set-Cookie: x__.eml"; filename*=UTF-8''a%22b__Set-Cookie%3A%20x%3B%C3%BC.eml`);
    expect(contentDisposition('')).toContain('filename="download"');
  });
});
