import { describe, expect, it } from 'vitest';
import { DeviceLink } from '../connectivity/device-link.js';
import { silentLogger } from '../logging/logger.js';
import { bootLock, settle } from '../test/lock-factory.js';
import { MemoryTransport } from '../test/memory-transport.js';
import { applyControlRequest } from './control-server.js';
import { describeMessage } from './message-summary.js';

describe('control requests', () => {
  it('press buttons, program a code, report status — the keypad tool end to end without a socket', async () => {
    const unit = await bootLock({ deviceId: 'control-lock' });
    const link = new DeviceLink({
      firmware: unit.lock,
      transport: new MemoryTransport(),
      clock: unit.clock,
      logger: silentLogger(),
    });
    const device = { firmware: unit.lock, link, stop: () => link.stop() };
    const deviceId = 'control-lock';
    applyControlRequest(device, { op: 'program-button', deviceId });
    for (const button of [1, 3, 4, 5]) applyControlRequest(device, { op: 'press', deviceId, button });
    applyControlRequest(device, { op: 'lock-button', deviceId });
    for (const button of [1, 3, 4, 5]) applyControlRequest(device, { op: 'press', deviceId, button });
    await settle(unit);
    const status = applyControlRequest(device, { op: 'status', deviceId });
    expect(status).toMatchObject({
      kind: 'status',
      status: { bolt: 'unlocked', slotsWithCode: [1], connected: false },
    });
    applyControlRequest(device, { op: 'jam', deviceId, cause: 'clutch_disengaged' });
    applyControlRequest(device, { op: 'lock-button', deviceId });
    await settle(unit);
    expect(unit.events('jammed')).toHaveLength(1);
  });

  it('summaries never contain codes, only shortened fingerprints', async () => {
    const unit = await bootLock();
    unit.lock.pressProgramButton();
    for (const button of [1, 3, 4, 5]) unit.lock.pressButton(button);
    unit.lock.pressLockButton();
    await unit.lock.settled();
    const lines = unit.sent.map(describeMessage);
    expect(lines.join('\n')).not.toMatch(/1345|2580|1579/);
    expect(lines.some((line) => line.startsWith('event code_programmed_locally slot=1'))).toBe(true);
  });
});
