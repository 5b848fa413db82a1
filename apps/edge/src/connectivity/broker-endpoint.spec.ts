import { describe, expect, it } from 'vitest';
import { brokerEndpointFromUrl, describeEndpoint, withCredentials } from './broker-endpoint.js';

describe('broker endpoints', () => {
  it('parses plain and TLS broker URLs with default ports', () => {
    expect(brokerEndpointFromUrl('mqtt://127.0.0.1')).toEqual({
      kind: 'broker',
      host: '127.0.0.1',
      port: 1883,
      tls: false,
    });
    expect(brokerEndpointFromUrl('mqtts://broker.example:8884', { username: 'u', password: 'p' })).toEqual({
      kind: 'broker',
      host: 'broker.example',
      port: 8884,
      tls: true,
      username: 'u',
      password: 'p',
    });
  });

  it('refuses other schemes', () => {
    expect(() => brokerEndpointFromUrl('http://x')).toThrow();
  });

  it('describes an endpoint without its password', () => {
    const endpoint = withCredentials(brokerEndpointFromUrl('mqtt://h:1'), 'lock-1', 'hunter2');
    expect(describeEndpoint(endpoint)).toBe('mqtt://h:1 (user lock-1)');
    expect(describeEndpoint(endpoint)).not.toContain('hunter2');
  });
});
