import { describe, expect, it } from 'vitest';
import { genericPtrReasons } from '../../../../shared/probe/generic-ptr';

describe('genericPtrReasons', () => {
  it.each([
    ['ip-192-0-2-1.dyn.isp.example', '192.0.2.1', 'isp.example', /spelled out/],
    ['1-2-0-192.pool.isp.example', '192.0.2.1', 'isp.example', /reversed/],
    ['192-0-2-1.static.isp.example', '192.0.2.1', 'isp.example', /spelled out/],
    ['host192000002001.isp.example', '192.0.2.1', 'isp.example', /zero-padded/],
    ['c0000201.isp.example', '192.0.2.1', 'isp.example', /hexadecimal/],
    ['dsl-pool-17.isp.example', '192.0.2.1', 'isp.example', /"dsl", "pool"/],
    ['cpe-17.cable.isp.example', '192.0.2.1', 'isp.example', /"cpe", "cable"/],
    ['dhcp12.isp.example', '192.0.2.1', 'isp.example', /"dhcp"/],
  ])('%s is generic', (name, ip, reg, reason) => {
    expect(genericPtrReasons(name, ip, reg).join(' ')).toMatch(reason);
  });

  it.each([
    ['mail.example.org', '192.0.2.1', 'example.org'],
    ['mx1.cable-company.example', '192.0.2.1', 'cable-company.example'],
    ['smtp-out.static-site.example', '192.0.2.1', null],
    ['outbound12.mailer.example', '192.0.2.1', 'mailer.example'],
  ])('%s is not generic', (name, ip, reg) => {
    expect(genericPtrReasons(name, ip, reg)).toEqual([]);
  });
});
