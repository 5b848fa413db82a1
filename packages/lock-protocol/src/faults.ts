/**
 * Known causes of a stalled bolt (DESIGN §2) and the fix to show whoever is on site. The lock reports a
 * cause in `jammed` events only where its firmware can tell; otherwise `suspectedCause` is null.
 */
export const JamCause = {
  /** The mounting plate presses on the torque blade. */
  MountingPlatePressure: 'mounting_plate_pressure',
  /** The clutch is disengaged. */
  ClutchDisengaged: 'clutch_disengaged',
  /** The door hole is misaligned with the bolt. */
  DoorHoleMisaligned: 'door_hole_misaligned',
  /** The battery is too weak to drive the motor. */
  LowBattery: 'low_battery',
} as const;
export type TJamCause = (typeof JamCause)[keyof typeof JamCause];

/** Faults operations sees, jam causes plus the keypad conditions that look like faults to a user. */
export const Fault = {
  ...JamCause,
  /** No code installed: the keypad does nothing. */
  NoCodeInstalled: 'no_code_installed',
  /** Forgotten code, or keypad locked out after wrong codes. */
  KeypadLockedOut: 'keypad_locked_out',
} as const;
export type TFault = (typeof Fault)[keyof typeof Fault];

/** The fix to try for each fault, in the order to try its steps. */
export const FAULT_REMEDIES: Readonly<Record<TFault, readonly string[]>> = Object.freeze({
  mounting_plate_pressure: [
    'Separate the interior assembly from the mounting plate.',
    'If that does not help, reposition the mounting plate so it no longer presses on the torque blade, then refit the interior assembly.',
  ],
  clutch_disengaged: ['Rotate the turn piece a full 180° clockwise.'],
  door_hole_misaligned: ['Disassemble the lock and reinstall it without the adapter ring (exterior side).'],
  low_battery: ['Replace the batteries.'],
  no_code_installed: ['Install at least one code.'],
  keypad_locked_out: ['Wait 60 seconds, then set a new code (remotely, or with the program button).'],
});
