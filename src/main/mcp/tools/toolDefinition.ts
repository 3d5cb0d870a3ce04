// One tool declared in one place: metadata for the model, input schema, pure checks, and the action it hands the supervisor.
import type { z } from 'zod';
import { TOOL_RISK } from '../../core/risk.js';
import type { OwnWindows } from '../../core/ownWindows.js';
import type { ToolAction } from '../../core/types.js';
import type { Drivers } from '../../drivers/types.js';
import type { Risk, ToolName } from '../../../shared/types.js';
import type { ElementBook } from '../elementBook.js';
import type { ScreenSpaceState } from '../screenSpaceState.js';
import { errorOutput } from '../../../shared/toolOutput.js';
import { ToolInputError } from './toolOutput.js';

export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a tool's action may use: the drivers, this session's screenshot space, and Chaperone's own windows to stay off. */
export interface ToolEnv {
  drivers: Drivers;
  screenSpace: ScreenSpaceState;
  ownWindows: OwnWindows;
  /** This session's latest element list (desktop_state, find), for actions by element id. */
  elements: ElementBook;
}

export interface ToolSpec<S extends z.ZodRawShape> {
  name: ToolName;
  title: string;
  description: string;
  annotations: ToolHints;
  inputSchema: S;
  /**
   * Whether a call makes input on the desktop or the machine (pointer, keys, text, apps, clipboard, shell): such calls wait
   * while a person is being asked, and are refused on Chaperone's own windows.
   */
  makesInput: boolean | ((input: z.infer<z.ZodObject<S>>) => boolean);
  /** Checks the schema cannot express; a returned sentence rejects the call before it reaches the supervisor. */
  validate?(input: z.infer<z.ZodObject<S>>): string | undefined;
  /** The action without its risk, which comes from the contract's table (core/risk.ts). */
  action(input: z.infer<z.ZodObject<S>>, env: ToolEnv): Omit<ToolAction, 'risk'>;
}

export type PreparedCall = { ok: true; action: ToolAction } | { ok: false; error: string };

/** A tool with its input type erased, so the registry can hold them all in one list. */
export interface ToolDefinition {
  name: ToolName;
  title: string;
  description: string;
  risk: Risk;
  annotations: ToolHints;
  inputSchema: z.ZodRawShape;
  prepare(input: Record<string, unknown>, env: ToolEnv): PreparedCall;
}

export function defineTool<S extends z.ZodRawShape>(spec: ToolSpec<S>): ToolDefinition {
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    risk: TOOL_RISK[spec.name],
    annotations: spec.annotations,
    inputSchema: spec.inputSchema,
    prepare(input, env) {
      // The MCP SDK has already parsed `input` with this very schema.
      const typed = input as z.infer<z.ZodObject<S>>;
      const problem = spec.validate?.(typed);
      if (problem) return { ok: false, error: problem };
      const action = spec.action(typed, env);
      return {
        ok: true,
        action: {
          ...action,
          risk: TOOL_RISK[spec.name],
          makesInput: typeof spec.makesInput === 'function' ? spec.makesInput(typed) : spec.makesInput,
          async run(ctx) {
            try {
              return await action.run(ctx);
            } catch (err) {
              if (err instanceof ToolInputError) return errorOutput(err.message);
              throw err;
            }
          },
        },
      };
    },
  };
}
