// How a tool's run says that its input cannot apply to the desktop as it is now; the tool layer turns it into an error result.

/** Thrown inside a tool's run when the input cannot apply to the desktop as it is now (e.g. off-screen point). */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}
