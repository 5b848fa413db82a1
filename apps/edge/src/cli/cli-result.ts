/** What a subcommand hands back to the entry point, which prints it and exits explicitly. */
export interface TCliResult {
  exitCode: number;
  output?: string;
}
