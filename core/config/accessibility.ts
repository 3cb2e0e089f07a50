/**
 * The citizen's settings a terminal starts every session with (config `accessibility`), and the
 * cabinet's geometry that decides which part of the screen a wheelchair user can reach
 * (config `display.reach`). Shared by the terminal configuration, the hello message and the
 * maintenance console, so the three agree.
 */
import { z } from 'zod';

export const Contrast = z.enum(['default', 'high-dark', 'high-light']);
export const TextSize = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
export const Reach = z.enum(['standard', 'low']);

export const AccessibilityDefaults = z.object({
  /** 长辈版 (关怀模式): larger type and targets, simpler screens, more time. */
  elder: z.boolean(),
  /** Older configurations: true means `contrast: "high-dark"` when `contrast` is not set. */
  highContrast: z.boolean().optional(),
  voice: z.boolean(),
  /** 字号: 0 standard … 3 largest. */
  textSize: TextSize.optional(),
  /** 配色: default, high-contrast dark (黑底白字), high-contrast light (白底黑字). */
  contrast: Contrast.optional(),
  /** 低位: every control within reach from a wheelchair. */
  reach: Reach.optional(),
  /** Voice volume 0‥1. */
  volume: z.number().min(0).max(1).optional(),
});
export type AccessibilityDefaults = z.infer<typeof AccessibilityDefaults>;

/**
 * Heights above the floor, in millimetres. With the screen's bottom edge at `screenBottomMm`, the
 * low-reach band is the bottom (maxReachMm − screenBottomMm) × pxPerMm pixels of the screen.
 */
export const ReachGeometry = z.object({
  /** Height of the screen's lower edge (of its visible area) above the floor. */
  screenBottomMm: z.number().min(0).max(2500),
  /** Highest point a seated person reaches forward (GB 50763 / ADA: 1220 mm … lower for children). */
  maxReachMm: z.number().min(300).max(2500).default(1220),
});
export type ReachGeometry = z.infer<typeof ReachGeometry>;
