/**
 * What the HTML page and the code that writes it agree on: the JSON the page carries, the ids of
 * its fixed elements and the messages the watch server sends. Shared by src/render/html.ts
 * (Node) and src/render/html-client/ (the browser), so neither can drift from the other.
 */
import type { ChartJsConfig } from './chartjs.js';

export interface PreviewData {
  /** chart.js configurations keyed by the id of their <canvas>. */
  charts: Record<string, ChartJsConfig>;
  /** Template font name → the CSS font list the page uses for it (twins and CJK fallbacks), for the canvas. */
  fonts: Record<string, string>;
  /** Present when a `brief watch` server serves the page: it listens for rebuilds. */
  live?: LiveInfo;
}

export interface LiveInfo {
  /** The build this page shows; the server's `ok` message with another number means reload. */
  build: number;
  /** Path of the server-sent events stream. */
  events: string;
}

export type LiveMessage =
  | { type: 'building' }
  | { type: 'ok'; build: number }
  | { type: 'error'; build: number; diagnostics: string[] };

/** Element ids of the page's fixed parts. */
export const IDS = {
  data: 'brief-data',
  stage: 'brief-stage',
  counter: 'brief-counter',
  prev: 'brief-prev',
  next: 'brief-next',
  notesButton: 'brief-notes-button',
  notes: 'brief-notes',
  overlay: 'brief-overlay',
  overlayText: 'brief-overlay-text',
  status: 'brief-status',
} as const;
