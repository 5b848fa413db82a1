/**
 * What the keypad shows and sounds, for whoever stands at the door (the interactive `keypad` tool
 * prints these). Never carries the buttons pressed.
 */
export const Feedback = {
  /** A button press was registered. */
  Beep: 'beep',
  /** Code accepted (or programmed): the bolt is about to move. */
  GreenFlash: 'green_flash',
  /** Wrong code, refused input or a failed operation. */
  RedFlash: 'red_flash',
  /** Keypad disabled after too many wrong codes; presses are ignored. */
  LockedOut: 'locked_out',
  /** The keypad's low-battery warning: three red flashes and three beeps (DESIGN §2). */
  LowBatteryWarning: 'low_battery_warning',
  /** Program mode entered; the slot number says which code is being programmed. */
  ProgramMode: 'program_mode',
} as const;
export type TFeedback = (typeof Feedback)[keyof typeof Feedback];

export interface TFeedbackSignal {
  feedback: TFeedback;
  /** Slot for `program_mode`. */
  slot?: number;
}
