/**
 * The page's memory as Chromium's DevTools sees it, for the soak benchmark and the forgetfulness
 * test: garbage collection, DOM counters and heap size (CDP `HeapProfiler`, `Memory`,
 * `Performance`), and a parsed V8 heap snapshot that can be searched for strings and asked what
 * keeps a node alive (its retaining path from a GC root).
 */
import type { CDPSession, Page } from 'puppeteer-core';

export interface PageCounters {
  /** Live DOM nodes (attached or not) of the page's documents. */
  nodes: number;
  /** JS event listeners registered on DOM targets (window, document, elements). */
  listeners: number;
  documents: number;
  /** V8 heap in use after a full GC, bytes. */
  heapUsed: number;
}

export async function pageMemory(page: Page): Promise<{ cdp: CDPSession; counters: () => Promise<PageCounters> }> {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  return {
    cdp,
    counters: async () => {
      await collectGarbage(cdp);
      const dom = await cdp.send('Memory.getDOMCounters');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
      return { nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents, heapUsed: heap };
    },
  };
}

/** Two full collections: the first may only make more objects unreachable (finalizers, weak refs). */
export async function collectGarbage(cdp: CDPSession): Promise<void> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Takes a heap snapshot (after a full GC) and parses it. */
export async function takeHeapSnapshot(cdp: CDPSession): Promise<HeapSnapshot> {
  await collectGarbage(cdp);
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return new HeapSnapshot(JSON.parse(chunks.join('')) as RawSnapshot);
}

export interface RetainerStep {
  /** The retaining object: `type name` (e.g. `closure onActivity`, `object Window`). */
  node: string;
  /** The edge from it to the next step: property name, element index or V8's internal name. */
  edge: string;
}

export class HeapSnapshot {
  readonly strings: string[];
  private readonly nodes: number[];
  private readonly edges: number[];
  private readonly nodeFields: number;
  private readonly edgeFields: number;
  private readonly nodeTypes: string[];
  private readonly edgeTypes: string[];
  private readonly firstEdge: Uint32Array;
  private readonly f: { type: number; name: number; edgeCount: number; detachedness: number; selfSize: number };
  private readonly e: { type: number; name: number; to: number };
  private retainersOf: { from: Uint32Array; edge: Uint32Array; start: Uint32Array } | null = null;
  private distance: Int32Array | null = null;

  constructor(raw: RawSnapshot) {
    const meta = raw.snapshot.meta;
    this.strings = raw.strings;
    this.nodes = raw.nodes;
    this.edges = raw.edges;
    this.nodeFields = meta.node_fields.length;
    this.edgeFields = meta.edge_fields.length;
    this.nodeTypes = meta.node_types[0];
    this.edgeTypes = meta.edge_types[0];
    this.f = { type: meta.node_fields.indexOf('type'), name: meta.node_fields.indexOf('name'), edgeCount: meta.node_fields.indexOf('edge_count'), selfSize: meta.node_fields.indexOf('self_size'), detachedness: meta.node_fields.indexOf('detachedness') };
    this.e = { type: meta.edge_fields.indexOf('type'), name: meta.edge_fields.indexOf('name_or_index'), to: meta.edge_fields.indexOf('to_node') };
    const count = this.nodeCount;
    this.firstEdge = new Uint32Array(count + 1);
    for (let i = 0, edge = 0; i < count; i++) {
      this.firstEdge[i] = edge;
      edge += this.nodes[i * this.nodeFields + this.f.edgeCount]! * this.edgeFields;
    }
    this.firstEdge[count] = this.edges.length;
  }

  get nodeCount(): number {
    return this.nodes.length / this.nodeFields;
  }

  nodeType(i: number): string {
    return this.nodeTypes[this.nodes[i * this.nodeFields + this.f.type]!]!;
  }

  nodeName(i: number): string {
    return this.strings[this.nodes[i * this.nodeFields + this.f.name]!]!;
  }

  /** 2 = detached from the document (DOM nodes only), 1 = attached, 0 = unknown. */
  detachedness(i: number): number {
    return this.f.detachedness < 0 ? 0 : this.nodes[i * this.nodeFields + this.f.detachedness]!;
  }

  /** Every string in the snapshot's string table (names and values) that contains `needle`. */
  stringsContaining(needle: string): string[] {
    return this.strings.filter((s) => s.includes(needle));
  }

  /** Nodes whose name (for strings: their value) contains `needle`. */
  nodesNamed(needle: string | ((name: string, type: string) => boolean)): number[] {
    const match = typeof needle === 'string' ? (name: string) => name.includes(needle) : needle;
    const out: number[] = [];
    for (let i = 0; i < this.nodeCount; i++) if (match(this.nodeName(i), this.nodeType(i))) out.push(i);
    return out;
  }

  /**
   * Objects by kind (`type name`, strings as `string`), with count and shallow bytes: two snapshots'
   * aggregates, subtracted, say what a soak accumulates.
   */
  aggregate(): Map<string, { count: number; bytes: number }> {
    const out = new Map<string, { count: number; bytes: number }>();
    for (let i = 0; i < this.nodeCount; i++) {
      const type = this.nodeType(i);
      const key = type.includes('string') ? type : `${type} ${this.nodeName(i).slice(0, 60)}`;
      const entry = out.get(key) ?? { count: 0, bytes: 0 };
      entry.count++;
      entry.bytes += this.nodes[i * this.nodeFields + this.f.selfSize]!;
      out.set(key, entry);
    }
    return out;
  }

  /** Detached DOM nodes (`Detached HTMLDivElement` …), by class name, with their counts. */
  detachedDom(): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = 0; i < this.nodeCount; i++) {
      const name = this.nodeName(i);
      if (this.detachedness(i) === 2 || name.startsWith('Detached ')) out.set(name.split(' ').slice(0, 2).join(' '), (out.get(name.split(' ').slice(0, 2).join(' ')) ?? 0) + 1);
    }
    return out;
  }

  private edgeIsWeak(edge: number): boolean {
    const t = this.edgeTypes[this.edges[edge + this.e.type]!];
    return t === 'weak' || t === 'shortcut';
  }

  private edgeName(edge: number): string {
    const t = this.edgeTypes[this.edges[edge + this.e.type]!];
    const v = this.edges[edge + this.e.name]!;
    return t === 'element' || t === 'hidden' ? `[${v}]` : `${t === 'property' ? '' : `(${t}) `}${this.strings[v]}`;
  }

  private reverse(): { from: Uint32Array; edge: Uint32Array; start: Uint32Array } {
    if (this.retainersOf) return this.retainersOf;
    const count = this.nodeCount;
    const start = new Uint32Array(count + 1);
    for (let edge = 0; edge < this.edges.length; edge += this.edgeFields) start[this.edges[edge + this.e.to]! / this.nodeFields + 1]!++;
    for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
    const fill = start.slice(0, count);
    const from = new Uint32Array(this.edges.length / this.edgeFields);
    const edgeOf = new Uint32Array(this.edges.length / this.edgeFields);
    for (let i = 0; i < count; i++) {
      for (let edge = this.firstEdge[i]!; edge < this.firstEdge[i + 1]!; edge += this.edgeFields) {
        const to = this.edges[edge + this.e.to]! / this.nodeFields;
        const slot = fill[to]!++;
        from[slot] = i;
        edgeOf[slot] = edge;
      }
    }
    return (this.retainersOf = { from, edge: edgeOf, start });
  }

  /** Distance of every node from the snapshot's root (node 0) over strong edges; -1 = unreachable. */
  private distances(): Int32Array {
    if (this.distance) return this.distance;
    const d = new Int32Array(this.nodeCount).fill(-1);
    const queue = new Uint32Array(this.nodeCount);
    let head = 0;
    let tail = 0;
    d[0] = 0;
    queue[tail++] = 0;
    while (head < tail) {
      const i = queue[head++]!;
      for (let edge = this.firstEdge[i]!; edge < this.firstEdge[i + 1]!; edge += this.edgeFields) {
        if (this.edgeIsWeak(edge)) continue;
        const to = this.edges[edge + this.e.to]! / this.nodeFields;
        if (d[to] === -1) {
          d[to] = d[i]! + 1;
          queue[tail++] = to;
        }
      }
    }
    return (this.distance = d);
  }

  /**
   * The shortest strong path from a GC root to node `i`, root first, or null if only weak edges
   * hold it (it goes at the next collection).
   */
  retainingPath(i: number): RetainerStep[] | null {
    const d = this.distances();
    if (d[i] === -1) return null;
    const { from, edge, start } = this.reverse();
    const path: RetainerStep[] = [];
    let cur = i;
    while (cur !== 0) {
      let step: { from: number; edge: number } | null = null;
      for (let k = start[cur]!; k < start[cur + 1]!; k++) {
        if (d[from[k]!] === d[cur]! - 1 && !this.edgeIsWeak(edge[k]!)) {
          step = { from: from[k]!, edge: edge[k]! };
          break;
        }
      }
      if (!step) return null;
      path.unshift({ node: `${this.nodeType(step.from)} ${this.nodeName(step.from).slice(0, 80)}`, edge: this.edgeName(step.edge) });
      cur = step.from;
    }
    return path;
  }

  /** A retaining path as one line: `(GC roots) -[edge]-> object X -[prop]-> …`. */
  describePath(i: number): string {
    const path = this.retainingPath(i);
    if (!path) return `${this.nodeType(i)} ${this.nodeName(i).slice(0, 60)}: held only weakly`;
    return path.map((s) => `${s.node} -[${s.edge}]->`).join(' ') + ` ${this.nodeType(i)} ${JSON.stringify(this.nodeName(i).slice(0, 60))}`;
  }
}
