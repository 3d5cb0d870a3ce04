// Every tool Chaperone offers, in the order clients list them.
import { appTool } from './appTool.js';
import { askHumanTool } from './askHuman.js';
import { clipboardTool } from './clipboardTool.js';
import { contextUsageTool } from './contextUsage.js';
import { desktopStateTool } from './desktopState.js';
import { displaysTool } from './displaysTool.js';
import { findTool } from './findTool.js';
import { fetchPageTool } from './fetchPageTool.js';
import { keyTool } from './keyTool.js';
import { clickTool, dragTool, moveTool, scrollTool } from './pointerTools.js';
import { screenshotTool } from './screenshot.js';
import { shellTool } from './shellTool.js';
import type { ToolDefinition } from './toolDefinition.js';
import { typeTool } from './typeTool.js';
import { waitForTool } from './waitForTool.js';
import { waitTool } from './waitTool.js';

export const TOOLS: readonly ToolDefinition[] = [
  screenshotTool,
  desktopStateTool,
  moveTool,
  clickTool,
  dragTool,
  scrollTool,
  typeTool,
  keyTool,
  waitTool,
  appTool,
  shellTool,
  clipboardTool,
  fetchPageTool,
  askHumanTool,
  contextUsageTool,
  findTool,
  waitForTool,
  displaysTool,
];

/** Metadata for docs and tests: name, title, risk and the four annotations. */
export const TOOL_DEFINITIONS = TOOLS.map(({ name, title, risk, annotations }) => ({ name, title, risk, annotations }));
