// Runs a Windows PowerShell script passed as -EncodedCommand, so no quoting can break it. Untested here (Linux CI).
import { runProgram } from '../runProgram.js';

/** A PowerShell single-quoted string literal holding `value` verbatim. */
export function psString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export async function runPowerShell(script: string, opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const prelude = '$ErrorActionPreference = "Stop"; [Console]::OutputEncoding = [Text.Encoding]::UTF8;\n';
  const encoded = Buffer.from(prelude + script, 'utf16le').toString('base64');
  const output = await runProgram('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded], {
    timeoutMs: opts.timeoutMs ?? 20_000,
    ...(opts.input === undefined ? {} : { input: opts.input }),
  });
  if (output.exitCode !== 0) {
    const message = output.stderr.replace(/#< CLIXML[\s\S]*$/, '').trim().split('\n')[0] || `exit code ${output.exitCode ?? 'none'}`;
    throw new Error(`PowerShell failed: ${message}`);
  }
  return output.stdout;
}
