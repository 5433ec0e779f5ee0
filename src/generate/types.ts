/** One file a generator produced, in memory. `path` is relative to the output folder (`generated/`), with `/` separators. */
export interface GeneratedFile {
  path: string;
  contents: string;
}

/** What a generator could not express, reported by name while the rest still generates. */
export interface GenerationWarning {
  /** Where in the input, e.g. `#/paths/~1v1~1tasks/get` or `operations/tasks.graphql:3:5`. */
  location: string;
  message: string;
}

export interface GenerationResult {
  files: GeneratedFile[];
  warnings: GenerationWarning[];
}
