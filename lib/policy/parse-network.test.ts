import { describe, expect, it } from 'vitest';
import { parseAddress, parseNetwork } from './parse-network';

const show = (text: string) => {
  const range = parseNetwork(text);
  return range && `${range[0].toString()}/${range[1]}`;
};

describe('parseAddress', () => {
  it.each([
    ['10.0.0.5', '10.0.0.5'],
    ['2001:db8::5', '2001:db8::5'],
    ['2001:0db8:0000:0000:0000:0000:0000:0005', '2001:db8::5'],
    ['::1', '::1'],
    ['::ffff:10.0.0.5', '10.0.0.5'],
    ['::ffff:a00:5', '10.0.0.5'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseAddress(text)?.toString()).toBe(expected);
  });

  it.each(['', '10', '10.1', '0x0a.0.0.1', '010.0.0.1x', '999.1.1.1', '1.2.3.4.5', 'example.com', '10.0.0.0/8', ' 10.0.0.5', '::g'])('refuses %j', (text) => {
    expect(parseAddress(text)).toBeNull();
  });
});

describe('parseNetwork', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.5', '10.0.0.5/32'],
    ['10.1.2.3/8', '10.1.2.3/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['192.168.1.0/24', '192.168.1.0/24'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['::1', '::1/128'],
    ['::/0', '::/0'],
    ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
    ['::ffff:10.0.0.5', '10.0.0.5/32'],
  ])('reads %s as %s', (text, expected) => {
    expect(show(text)).toBe(expected);
  });

  it.each([
    '10.0.0.0/33',
    '::1/129',
    '999.1.1.1',
    '10/8',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.0/-1',
    '10.0.0.0/ 8',
    '10.0.0.0/1000',
    '/8',
    '::ffff:10.0.0.0/80',
    'example.com/8',
    '',
  ])('refuses %j', (text) => {
    expect(parseNetwork(text)).toBeNull();
  });
});
