/** Where in the YAML text a problem is (1-based), and the message without the file name. */
export interface ConfigProblemLocation {
  line?: number;
  column?: number;
  detail: string;
}

/** A config problem the user must fix. The message is one line naming file, place and key. */
export class ConfigError extends Error {
  /** The same problem as structured data, for an editor that marks the line. */
  readonly location: ConfigProblemLocation;

  constructor(message: string, location?: ConfigProblemLocation) {
    super(message);
    this.name = 'ConfigError';
    this.location = location ?? { detail: message };
  }
}
